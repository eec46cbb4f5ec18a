import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@agora/service-kit';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import { createAccessTokenVerifier } from './auth/access-token-verifier';
import type { GatewayConfig } from './config';
import { createFormatError } from './errors/format-error';
import { bodyErrorHandler, sendGraphQLError } from './http/graphql-error-response';
import { mediaProxy } from './http/media-proxy';
import { requestId } from './http/request-id';
import { REQUEST_LIMITS, requestLimitPlugins } from './limits/request-limits';
import { AgoraDataSource } from './subgraphs/agora-data-source';
import type { GatewayContext } from './subgraphs/gateway-context';
import { resolveSubgraphEndpoints, type SubgraphEndpoint } from './supergraph/subgraph-endpoints';

export interface StartGatewayOptions {
  logger?: Logger;
  /** Verify tokens against this key set instead of fetching `config.auth.jwksUrl`. */
  keySet?: JWTVerifyGetKey;
}

export interface RunningGateway {
  /** `http://<host>:<port>/graphql` */
  url: string;
  port: number;
  /** Resolves once the supergraph is loaded and /graphql is served; rejects when it cannot be. */
  ready: Promise<void>;
  isReady(): boolean;
  /** The subgraphs and the URLs the gateway calls them at (after `ready`). */
  endpoints(): SubgraphEndpoint[];
  /** Stops intake, drains in-flight requests, stops the gateway. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the gateway. It listens at once (health checks answer, /health/ready says 503) and then
 * loads the supergraph; `ready` settles when that is done. Used by main.ts and in-process tests.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const app = express();
  const httpServer = createServer(app);
  let graphqlHandler: RequestHandler | undefined;
  let endpoints: SubgraphEndpoint[] = [];

  app.disable('x-powered-by');
  app.use(requestId);
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', (_req, res) => {
    const ready = graphqlHandler !== undefined;
    res.status(ready ? 200 : 503).json({ ready, checks: { supergraph: ready } });
  });
  // The API lives at /graphql; a browser opening the bare origin is sent to Sandbox there.
  if (!config.production) {
    app.get('/', (req, res, next) => (req.accepts(['json', 'html']) === 'html' ? res.redirect(302, '/graphql') : next()));
  }
  // Uploads and files, streamed to the media subgraph's routes (no body parser on this path).
  const media = mediaProxy({
    target: () => {
      const endpoint = endpoints.find((e) => e.name === 'media');
      return endpoint ? new URL(endpoint.url).origin : undefined;
    },
    logger,
  });
  app.use('/media', media);
  app.use('/graphql', express.json({ limit: REQUEST_LIMITS.bodyLimit }), (req, res, next) => {
    // body-parser 2 leaves req.body unset for non-JSON bodies; Apollo then answers (CSRF
    // prevention, "missing query") in GraphQL's shape instead of the integration's plain 500.
    req.body ??= {};
    if (graphqlHandler) return graphqlHandler(req, res, next);
    res.setHeader('retry-after', '1');
    return sendGraphQLError(res, 503, 'The gateway is starting', { code: 'INTERNAL_SERVER_ERROR', reason: 'GATEWAY.NOT_READY' });
  });
  app.use(bodyErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;

  const verifyAccessToken = createAccessTokenVerifier({ ...config.auth, keySet: options.keySet });
  let apollo: ApolloServer<GatewayContext> | undefined;

  const load = async () => {
    const supergraphSdl = await readFile(config.supergraphPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT'
          ? `supergraph not found at ${config.supergraphPath}: run \`npm run schema:compose\``
          : `cannot read supergraph ${config.supergraphPath}: ${error.message}`,
      );
    });
    endpoints = resolveSubgraphEndpoints(supergraphSdl, config.subgraphUrlEnv);
    const urlByName = new Map(endpoints.map((e) => [e.name, e.url]));
    const gateway = new ApolloGateway({
      supergraphSdl,
      logger: logger.child({ component: 'apollo-gateway' }),
      buildService: ({ name, url: supergraphUrl }) =>
        new AgoraDataSource({ name, url: urlByName.get(name) ?? supergraphUrl ?? '' }, config.internalSecret),
    });
    const limits = requestLimitPlugins({ production: config.production });
    apollo = new ApolloServer<GatewayContext>({
      gateway,
      logger: logger.child({ component: 'apollo-server' }),
      nodeEnv: config.production ? 'production' : 'development',
      introspection: !config.production,
      csrfPrevention: true,
      // runService owns SIGTERM/SIGINT; Apollo's own handler would stop and re-raise the signal.
      stopOnTerminationSignals: false,
      allowBatchedHttpRequests: false,
      includeStacktraceInErrorResponses: false,
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      formatError: createFormatError(logger),
      plugins: [
        ...limits.plugins,
        ApolloServerPluginDrainHttpServer({ httpServer }),
        // Production serves no page at all: Apollo's production page loads third-party scripts
        // (Apollo's CDN, Google Fonts) and only advertises the endpoint.
        config.production
          ? ApolloServerPluginLandingPageDisabled()
          : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
        accessLog(logger),
      ],
    });
    await apollo.start();
    graphqlHandler = expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => ({
        // Throws UNAUTHENTICATED (HTTP 401) for a bad token: nothing is planned or executed.
        viewer: await verifyAccessToken(req.headers.authorization),
        requestId: String(res.locals.requestId),
      }),
    });
    logger.info(
      { url, subgraphs: endpoints.map((e) => `${e.name}=${e.url}${e.source === 'supergraph' ? '' : ` (${e.source})`}`) },
      'gateway ready',
    );
  };

  const ready = load();
  // `ready` is the caller's to handle; this keeps an unobserved failure from crashing the process.
  ready.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await ready.catch(() => undefined);
      if (apollo && graphqlHandler) await apollo.stop(); // the drain plugin closes httpServer
      await closeServer(httpServer);
      media.close();
    })());

  return { url, port, ready, isReady: () => graphqlHandler !== undefined, endpoints: () => endpoints, close };
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/** One debug line per operation: enough to follow a request id through the subgraphs' logs. */
function accessLog(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          logger.debug(
            {
              requestId: contextValue.requestId,
              operationName,
              viewer: contextValue.viewer?.userId ?? null,
              errors: errors?.length ?? 0,
              ms: Math.round(performance.now() - started),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
