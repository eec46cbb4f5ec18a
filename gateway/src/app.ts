import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectNats, type NatsConnection } from '@agora/messaging';
import { createLogger, type Logger } from '@agora/service-kit';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import { createAccessVerifier, viewerOf } from './auth/access-token-verifier';
import { RevocationList, startRevocationFeed, type RevocationFeed } from './auth/revocations';
import type { GatewayConfig } from './config';
import { createFormatError } from './errors/format-error';
import { accountPages, apolloPageExecutor } from './http/account-pages';
import { clientIpResolver } from './http/client-ip';
import { bodyErrorHandler, sendGraphQLError } from './http/graphql-error-response';
import { mediaProxy } from './http/media-proxy';
import { requestId } from './http/request-id';
import { createRequestBudget, requestBudgetMiddleware } from './limits/request-budget';
import { REQUEST_LIMITS, requestLimitPlugins } from './limits/request-limits';
import type { RealtimeEngine, RealtimeEngineOptions } from './realtime/engine/types';
import { createRealtimeOperations } from './realtime/transports/operations';
import { createSseTransport } from './realtime/transports/sse';
import { startWsTransport } from './realtime/transports/ws';
import { AgoraDataSource } from './subgraphs/agora-data-source';
import type { GatewayContext } from './subgraphs/gateway-context';
import { resolveSubgraphEndpoints, type SubgraphEndpoint } from './supergraph/subgraph-endpoints';

export interface StartGatewayOptions {
  logger?: Logger;
  /** Verify tokens against this key set instead of fetching `config.auth.jwksUrl`. */
  keySet?: JWTVerifyGetKey;
  /**
   * Builds the realtime engine once NATS is connected; default `createRealtimeEngine`
   * (realtime/engine/index.ts). Tests pass a fake to exercise the transports alone.
   */
  realtimeEngine?: (options: RealtimeEngineOptions) => Promise<RealtimeEngine>;
}

/**
 * Subgraphs the gateway serves itself (schema/subgraphs.json `servedByGateway`, ADR 11): the
 * query planner routes only subscriptions' first fetch to them, and the realtime engine runs it.
 */
const GATEWAY_SERVED = new Set(['realtime']);

/** Where subscriptions are served, relative to the origin. */
const WS_PATH = '/graphql';
const SSE_PATH = '/graphql/stream';
/** Pause before retrying an engine that could not start (NATS up, JetStream refusing, …). */
const ENGINE_RETRY_MS = 5_000;

export interface RunningGateway {
  /** `http://<host>:<port>/graphql` */
  url: string;
  port: number;
  /** Resolves once the supergraph is loaded and /graphql is served; rejects when it cannot be. */
  ready: Promise<void>;
  isReady(): boolean;
  /** The subgraphs and the URLs the gateway calls them at (after `ready`). */
  endpoints(): SubgraphEndpoint[];
  /** True while the realtime engine is attached to NATS (subscriptions are served). */
  isRealtimeReady(): boolean;
  /** True once the revocation list has caught up from NATS (ADR 14). */
  isRevocationListReady(): boolean;
  /** Stops intake, drains in-flight requests, stops the gateway. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the gateway. It listens at once (health checks answer, /health/ready says 503) and then
 * loads the supergraph; `ready` settles when that is done. Used by main.ts and in-process tests.
 *
 * Subscriptions (ADR 11) need NATS, which is connected in the background once the supergraph is
 * loaded: queries and readiness never wait for it. Until the realtime engine is attached,
 * subscribing answers SERVICE_UNAVAILABLE (REALTIME.UNAVAILABLE) and /health/ready reports
 * `checks.realtime: false` without failing.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const app = express();
  const httpServer = createServer(app);
  let graphqlHandler: RequestHandler | undefined;
  let endpoints: SubgraphEndpoint[] = [];
  let apiSchema: GraphQLSchema | undefined;
  /** The data sources buildService made, by subgraph name: the realtime engine fetches through them too. */
  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  let engine: RealtimeEngine | undefined;
  /** Aborted when close() starts: background work (NATS, engine retries) stops. */
  const stopping = new AbortController();
  const limits = requestLimitPlugins({ production: config.production });
  // ADR 14: every token is checked against the in-memory revocation list (suspensions, role
  // changes), filled from NATS by an ordered consumer per stream; never a network call per request.
  const revocations = new RevocationList(config.revocations.accessTokenTtlSeconds * 1000);
  let revocationFeed: RevocationFeed | undefined;
  const verifyAccess = createAccessVerifier({
    ...config.auth,
    keySet: options.keySet,
    isRevoked: ({ userId, issuedAt, issuedAtMs, role }) => revocations.check(userId, issuedAt, role, Date.now(), issuedAtMs) === 'revoked',
  });
  const verifyAccessToken = viewerOf(verifyAccess);
  const clientIpOf = clientIpResolver(config.trustProxy);
  const budget = createRequestBudget(config.rateLimits);
  let apollo: ApolloServer<GatewayContext> | undefined;
  let apolloStarted = false;
  const operations = createRealtimeOperations({
    apollo: () => (graphqlHandler ? apollo : undefined),
    apiSchema: () => apiSchema,
    engine: () => engine,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    production: config.production,
    logger,
  });
  const ws = startWsTransport({
    httpServer,
    path: WS_PATH,
    operations,
    apiSchema: () => apiSchema,
    verifyAccess,
    limits: config.realtime,
    clientIpOf,
    budget,
    logger,
  });
  const sse = createSseTransport({ operations, verifyAccess, limits: config.realtime, clientIpOf, budget, logger });

  app.disable('x-powered-by');
  app.use(requestId);
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', (_req, res) => {
    // Realtime is a detail, not a condition: queries are served without NATS.
    const ready = graphqlHandler !== undefined;
    res.status(ready ? 200 : 503).json({
      ready,
      checks: {
        supergraph: ready,
        realtime: engine?.isConnected() ?? false,
        revocations: revocationFeed?.isCaughtUp() ?? false,
      },
    });
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
  // The pages the links in mail open (verify email, reset password, unsubscribe): forms that run
  // the mutations through this gateway's own schema.
  app.use(
    accountPages({ execute: apolloPageExecutor(() => (graphqlHandler ? apollo : undefined), clientIpOf), logger, budget, clientIpOf }),
  );
  app.use(SSE_PATH, sse.router);
  // The global per-IP budget, before the body is even read: a flood never reaches a subgraph.
  app.use('/graphql', requestBudgetMiddleware(budget, clientIpOf), express.json({ limit: REQUEST_LIMITS.bodyLimit }), (req, res, next) => {
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
      buildService: ({ name, url: supergraphUrl }) => {
        const source = GATEWAY_SERVED.has(name)
          ? new GatewayServedDataSource(name)
          : new AgoraDataSource({ name, url: urlByName.get(name) ?? supergraphUrl ?? '' }, config.internalSecret);
        dataSources.set(name, source);
        return source;
      },
    });
    gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
      apiSchema = schema;
    });
    apollo = new ApolloServer<GatewayContext>({
      gateway,
      logger: logger.child({ component: 'apollo-server' }),
      nodeEnv: config.production ? 'production' : 'development',
      introspection: !config.production,
      // No "Did you mean …?" in validation errors in production (formatError also strips the
      // ones variable coercion writes, e.g. for enum values).
      hideSchemaDetailsFromClientErrors: config.production,
      csrfPrevention: true,
      // runService owns SIGTERM/SIGINT; Apollo's own handler would stop and re-raise the signal.
      stopOnTerminationSignals: false,
      allowBatchedHttpRequests: false,
      includeStacktraceInErrorResponses: false,
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      formatError: createFormatError(logger, { production: config.production }),
      plugins: [
        ...limits.plugins,
        refuseSubscriptionsOverHttp(new URL(url).host),
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
    apolloStarted = true;
    const handler = expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => ({
        // Throws UNAUTHENTICATED (HTTP 401) for a bad token: nothing is planned or executed.
        viewer: await verifyAccessToken(req.headers.authorization),
        requestId: String(res.locals.requestId),
        clientIp: clientIpOf(req),
      }),
    });
    return { supergraphSdl, handler };
  };

  const createEngine =
    options.realtimeEngine ??
    (async (engineOptions: RealtimeEngineOptions) => (await import('./realtime/engine/index')).createRealtimeEngine(engineOptions));
  let nats: NatsConnection | undefined;
  /** Set while an engine is being created, so close() can wait for it and close what it made. */
  let engineStarting: Promise<unknown> | undefined;

  /** One NATS connection for the revocation list and the realtime engine, connected in the background. */
  const natsConnected: Promise<NatsConnection | undefined> = connectNats({
    servers: config.realtime.natsServers,
    name: 'gateway',
    logger: logger.child({ component: 'nats' }),
    signal: stopping.signal,
    user: config.realtime.natsUser,
    pass: config.realtime.natsPassword,
  }).then(
    async (nc) => {
      if (stopping.signal.aborted) return void (await nc.close().catch(() => undefined));
      nats = nc;
      return nc;
    },
    (error: unknown) => {
      if (stopping.signal.aborted) return undefined;
      logger.error({ err: error }, 'NATS could not be connected: no revocation list, no subscriptions');
      return undefined;
    },
  );
  const revocationsCaughtUp = natsConnected.then((nc) => {
    if (!nc) return;
    revocationFeed = startRevocationFeed({
      nc,
      list: revocations,
      tokenTtlMs: config.revocations.accessTokenTtlSeconds * 1000,
      logger: logger.child({ component: 'revocations' }),
      onRevoked: (userId) => {
        const closed = ws.revokeViewer(userId) + sse.revokeViewer(userId);
        if (closed > 0) logger.info({ userId, closed }, 'revocations: closed the realtime connections of a revoked viewer');
      },
    });
    return revocationFeed.caughtUp;
  });

  /** The engine, once NATS is connected; closing the gateway stops the wait for NATS. */
  const attachRealtime = async (supergraphSdl: string) => {
    const nc = await natsConnected;
    if (!nc || stopping.signal.aborted) return;
    while (!stopping.signal.aborted) {
      const starting = createEngine({
        supergraphSdl,
        dataSource: (name) => (GATEWAY_SERVED.has(name) ? undefined : dataSources.get(name)),
        nats: nc,
        logger,
        limits: config.realtime,
      });
      engineStarting = starting;
      try {
        const created = await starting;
        if (stopping.signal.aborted) return void (await created.close());
        engine = created;
        logger.info({ nats: nc.getServer() }, 'realtime engine attached: subscriptions are served');
        return;
      } catch (error) {
        logger.error({ err: error }, `realtime engine could not start; retrying in ${ENGINE_RETRY_MS} ms`);
        await pause(ENGINE_RETRY_MS, stopping.signal);
      } finally {
        engineStarting = undefined;
      }
    }
  };

  const ready = load().then(async ({ supergraphSdl, handler }) => {
    // Fail closed where it matters (production): no request is served before the list has caught up.
    if (config.revocations.required) {
      logger.info('waiting for the revocation list to catch up before serving');
      await Promise.race([
        revocationsCaughtUp,
        new Promise((resolve) => stopping.signal.addEventListener('abort', resolve, { once: true })),
      ]);
      if (stopping.signal.aborted) throw new Error('the gateway was closed before it was ready');
    }
    graphqlHandler = handler;
    logger.info(
      { url, subgraphs: endpoints.map((e) => `${e.name}=${e.url}${e.source === 'supergraph' ? '' : ` (${e.source})`}`) },
      'gateway ready',
    );
    attachRealtime(supergraphSdl).catch((error: unknown) => logger.error({ err: error }, 'realtime could not be attached'));
  });
  // `ready` is the caller's to handle; this keeps an unobserved failure from crashing the process.
  ready.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopping.abort();
      await ready.catch(() => undefined);
      // Clients first (WebSocket 1012, SSE `retry:`), so they reconnect to another instance, then
      // the engine and NATS, then the HTTP server.
      await Promise.all([ws.close(), sse.close()]);
      await engineStarting?.catch(() => undefined);
      await engine?.close().catch((error: unknown) => logger.error({ err: error }, 'realtime engine did not close cleanly'));
      await revocationFeed?.stop();
      if (nats) await drainNats(nats, logger);
      if (apollo && apolloStarted) await apollo.stop(); // the drain plugin closes httpServer
      await closeServer(httpServer);
      media.close();
    })());

  return {
    url,
    port,
    ready,
    isReady: () => graphqlHandler !== undefined,
    endpoints: () => endpoints,
    isRealtimeReady: () => engine?.isConnected() ?? false,
    isRevocationListReady: () => revocationFeed?.isCaughtUp() ?? false,
    close,
  };
}

/**
 * The data source of a gateway-served subgraph. The query planner sends it nothing for queries
 * and mutations (its only root fields are Subscription's, and its entity stubs are
 * `resolvable: false`); subscriptions' fetches to it are run by the realtime engine. Reaching
 * this is a bug: answered as an error (masked and logged by formatError), never a network call.
 */
class GatewayServedDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly name: string) {}

  process(): ReturnType<GraphQLDataSource<GatewayContext>['process']> {
    return Promise.resolve({
      errors: [
        {
          message: `subgraph ${this.name} is served by the gateway's realtime engine, not over HTTP`,
          extensions: { code: 'GATEWAY.SERVED_SUBGRAPH' },
        },
      ],
    });
  }
}

/**
 * Subscriptions sent to POST /graphql (or GET): Apollo and @apollo/gateway do not execute them.
 * Refused before planning with 400 and the endpoints that do serve them.
 */
function refuseSubscriptionsOverHttp(origin: string): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation?.operation !== 'subscription') return;
          const host = request.http?.headers.get('host');
          const where = host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? host : origin;
          throw new GraphQLError(
            `Subscriptions are not served over plain HTTP: use GraphQL over WebSocket (graphql-transport-ws) at ws://${where}${WS_PATH}, or GraphQL over SSE at POST ${SSE_PATH}`,
            { extensions: { code: 'BAD_REQUEST', reason: 'GATEWAY.SUBSCRIPTION_TRANSPORT', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/** Lets in-flight messages finish, bounded: a NATS that is away must not hold the shutdown. */
async function drainNats(nc: NatsConnection, logger: Logger): Promise<void> {
  const bound = new Promise<'timeout'>((resolve) => setTimeout(resolve, 2_000, 'timeout').unref());
  try {
    if ((await Promise.race([nc.drain(), bound])) === 'timeout') await nc.close();
  } catch (error) {
    if (!nc.isClosed()) logger.warn({ err: error }, 'NATS did not drain');
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
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
