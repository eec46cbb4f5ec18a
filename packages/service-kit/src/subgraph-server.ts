import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express, { type Application } from 'express';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import { applyAuthDirective, withAuthDirective } from './auth-directive';
import { formatSubgraphError, isExpectedError, rootCause } from './errors';
import { mountHealthRoutes, type ReadinessReport } from './health';
import { httpErrorHandler, sendGraphQLError } from './http-errors';
import { IDENTITY_HEADER, verifyIdentity, type ForwardedIdentity, type Viewer } from './identity-header';
import { requestScope, requestScopeMiddleware } from './request-scope';

/** buildSubgraphSchema's `{ typeDefs, resolvers }` argument (its resolver type is not exported). */
type SubgraphModule = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>;

export interface BaseContext {
  viewer: Viewer | null;
  /**
   * The client's IP, from the gateway's signed identity header; null when the request came with
   * no header (a test calling the subgraph directly). Rate limits key on it (`unknown` when null).
   */
  clientIp: string | null;
  requestId: string;
  logger: Logger;
}
export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  host: string;
  /** 0 picks a free port (tests); the bound port is in `RunningServer.port`. */
  port: number;
  /** SDL including `extend schema @link(...)` and the `@auth` directive declaration. */
  typeDefs: DocumentNode;
  /** Resolver map (typed in each subgraph by graphql-codegen's `Resolvers<Context>`). */
  resolvers: object;
  /** Adds per-request state (DataLoaders, use cases) to the base context. */
  createContext: (base: BaseContext) => C | Promise<C>;
  /** Called by /health/ready; report every dependency. */
  readiness: () => Promise<ReadinessReport>;
  internalSecret: string;
  logger: Logger;
  /** Extra routes (e.g. identity's /.well-known/jwks.json), mounted before /graphql. */
  routes?: (app: Application) => void;
  /** JSON body limit; default 100kb. */
  bodyLimit?: string;
  /** How long close() lets in-flight requests finish before cutting connections; default 8 s. */
  shutdownGracePeriodMs?: number;
}
export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests. */
  close(): Promise<void>;
}

/** Logs what the client will only see masked: once, with the request's logger (request id bound). */
function errorLoggingPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            contextValue.logger.error({ err: rootCause(error), path: error.path }, 'unexpected error in GraphQL request');
          }
        },
      };
    },
    async unexpectedErrorProcessingRequest({ error, requestContext }) {
      requestContext.contextValue.logger.error({ err: error }, 'unexpected error processing GraphQL request');
    },
  };
}

/** Apollo logs plain strings; route them through pino. */
function apolloLogger(logger: Logger) {
  return {
    debug: (message?: unknown) => logger.debug(String(message)),
    info: (message?: unknown) => logger.info(String(message)),
    warn: (message?: unknown) => logger.warn(String(message)),
    error: (message?: unknown) => logger.error(String(message)),
  };
}

/**
 * Starts an Apollo Federation 2 subgraph on express 5: `/graphql`, `/health/live`,
 * `/health/ready`. Fields and types marked `@auth` require a viewer (UNAUTHENTICATED otherwise),
 * enforced here in the subgraph. Errors: DomainError → typed; everything else masked and logged
 * once; no stack traces in responses.
 */
export async function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const logger = options.logger;
  const schema = applyAuthDirective(
    buildSubgraphSchema({
      typeDefs: withAuthDirective(options.typeDefs),
      resolvers: options.resolvers as SubgraphModule['resolvers'],
    }),
  );

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // The gateway keeps connections to subgraphs alive. If the server closed an idle one first (Node's
  // default is after 5 s), a request the gateway sends on it at that moment fails with ECONNRESET;
  // holding idle connections longer than any client's idle timeout lets the client close first.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  let shuttingDown = false;

  const apollo = new ApolloServer<C>({
    schema,
    formatError: formatSubgraphError,
    includeStacktraceInErrorResponses: false,
    // runService owns signal handling; two handlers would race to stop the process.
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger.child({ component: 'apollo' })),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGracePeriodMs ?? 8_000 }),
      process.env.NODE_ENV === 'production'
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
      errorLoggingPlugin<C>(),
    ],
  });
  await apollo.start();

  app.use(requestScopeMiddleware(logger));
  mountHealthRoutes(app, { readiness: options.readiness, isShuttingDown: () => shuttingDown, logger });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '100kb' }),
    (req, _res, next) => {
      // body-parser 2 leaves req.body unset for non-JSON requests; the express integration
      // would then answer with a bare-text 500; an explicit undefined lets Apollo give its typed 400.
      if (!Object.hasOwn(req, 'body')) req.body = undefined;
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const scope = requestScope(req, logger);
        let identity: ForwardedIdentity;
        try {
          identity = await verifyIdentity(req.get(IDENTITY_HEADER), options.internalSecret);
        } catch (error) {
          // 401 so that the gateway's data source reports UNAUTHENTICATED too.
          throw new GraphQLError('Invalid identity', { originalError: error as Error, extensions: { http: { status: 401 } } });
        }
        const { viewer, clientIp } = identity;
        const contextLogger = viewer ? scope.logger.child({ userId: viewer.userId }) : scope.logger;
        try {
          return await options.createContext({ viewer, clientIp, requestId: scope.requestId, logger: contextLogger });
        } catch (error) {
          if (!isExpectedError(error)) contextLogger.error({ err: error }, 'creating the GraphQL context failed');
          throw error;
        }
      },
    }),
  );
  app.use((_req, res) => sendGraphQLError(res, 404, 'Not found', { code: 'NOT_FOUND', reason: 'REQUEST.NO_ROUTE' }));
  app.use(httpErrorHandler(logger));

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await apollo.stop();
    throw error;
  }

  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/graphql`;
  logger.info({ url, subgraph: options.name }, 'subgraph listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      // Idempotent: a second signal or a test's afterAll must not stop Apollo twice.
      closing ??= (async () => {
        shuttingDown = true;
        logger.info({ subgraph: options.name }, 'subgraph draining');
        await apollo.stop(); // drain plugin: server.close(), idle keep-alives ended, in-flight awaited
        logger.info({ subgraph: options.name }, 'subgraph stopped');
      })();
      return closing;
    },
  };
}
