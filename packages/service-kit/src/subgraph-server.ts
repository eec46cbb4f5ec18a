import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express, { type Application } from 'express';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, visit, type DocumentNode, type OperationDefinitionNode, type FragmentDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import { applyAuthDirective, withAuthDirective } from './auth-directive';
import { applyRequiresRoleDirective, withRequiresRoleDirective } from './role-directive';
import { DomainError, formatSubgraphError, isExpectedError, rootCause } from './errors';
import { mountHealthRoutes, type ReadinessReport } from './health';
import { httpErrorHandler, sendGraphQLError } from './http-errors';
import {
  IDENTITY_HEADER,
  gatewaySignatureMissing,
  gatewaySignatureRequired,
  verifyIdentity,
  type ForwardedIdentity,
  type Viewer,
} from './identity-header';
import { PAGE_SIZE } from './pagination';
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
  /**
   * Refuse every request without a valid gateway signature (UNAUTHENTICATED, HTTP 401) instead of
   * reading a missing header as anonymous. Default: `gatewaySignatureRequired()` (NODE_ENV=production
   * or AGORA_REQUIRE_GATEWAY_SIGNATURE=true).
   */
  requireGatewaySignature?: boolean;
}

/**
 * The subgraphs' own limits, for a request that reaches a subgraph without the gateway (the
 * gateway enforces stricter ones on clients: depth 12, see gateway/src/limits/request-limits.ts).
 * Depth 16: a subgraph fetch is a part of a client operation at most one level deeper (the
 * `_entities` root; `... on T` adds none, fragments are flattened), plus a margin for `@requires`
 * field sets, so no legitimate gateway request comes near it. Page sizes: what every resolver
 * accepts (pagination.ts), checked for the whole document before anything executes.
 */
export const SUBGRAPH_LIMITS = { maxDepth: 16, maxPageSize: PAGE_SIZE.max } as const;

/** Marks the context of a request that came with a valid gateway signature. */
const SIGNED = Symbol('agora.gatewaySigned');

/** Root fields that describe the schema: served only to requests signed by the gateway. */
const SCHEMA_FIELDS = new Set(['_service', '__schema', '__type']);

function httpError(error: DomainError | GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...(error instanceof GraphQLError ? error.extensions : {}), http: { status } },
  });
}

/** The root fields an operation selects, through fragments and inline fragments. */
function rootFieldNames(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (selections: OperationDefinitionNode['selectionSet']['selections']) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet.selections);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(operation.selectionSet.selections);
  return names;
}

/**
 * Before execution: `_service` and introspection only for signed requests (the gateway composes
 * from SDL files and never asks; a direct caller learns nothing about the schema), and every
 * `first`/`last` in the document, literal or variable, within 1..maxPageSize (PAGINATION.INVALID_FIRST,
 * as the resolvers' own parsePageArgs would say, but before any of them runs).
 */
function requestGuardPlugin<C extends BaseContext>(isSigned: (context: C) => boolean): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          if (!isSigned(contextValue) && [...rootFieldNames(operation, fragments)].some((name) => SCHEMA_FIELDS.has(name))) {
            throw httpError(gatewaySignatureMissing(), 401);
          }
          const variables = request.variables ?? {};
          visit(document, {
            Field(field) {
              for (const argument of field.arguments ?? []) {
                if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
                const value =
                  argument.value.kind === Kind.VARIABLE
                    ? variables[argument.value.name.value]
                    : argument.value.kind === Kind.INT
                      ? Number(argument.value.value)
                      : undefined;
                if (typeof value === 'number' && (!Number.isInteger(value) || value < 1 || value > SUBGRAPH_LIMITS.maxPageSize)) {
                  throw httpError(
                    new DomainError(
                      'BAD_USER_INPUT',
                      'PAGINATION.INVALID_FIRST',
                      `${argument.name.value} must be between 1 and ${SUBGRAPH_LIMITS.maxPageSize}`,
                      argument.name.value,
                    ),
                    // 200, as the resolvers' own refusal would be: the gateway passes a subgraph's
                    // GraphQL error on with its code, but turns a non-2xx answer into an internal error.
                    200,
                  );
                }
              }
            },
          });
        },
      };
    },
  };
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
 * and those marked `@requiresRole(role: R)` a viewer with role R or higher (FORBIDDEN,
 * AUTH.ROLE_REQUIRED), enforced here in the subgraph. Errors: DomainError → typed; everything else masked and logged
 * once; no stack traces in responses.
 */
export async function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const logger = options.logger;
  const schema = applyRequiresRoleDirective(
    applyAuthDirective(
      buildSubgraphSchema({
        typeDefs: withRequiresRoleDirective(withAuthDirective(options.typeDefs)),
        resolvers: options.resolvers as SubgraphModule['resolvers'],
      }),
    ),
  );

  const production = process.env.NODE_ENV === 'production';
  const requireSignature = options.requireGatewaySignature ?? gatewaySignatureRequired();

  const armor = new ApolloArmor({
    maxDepth: {
      n: SUBGRAPH_LIMITS.maxDepth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        (context, error) => {
          context?.reportError(
            new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', reason: 'REQUEST.DEPTH_LIMIT' } }),
          );
        },
      ],
    },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();

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
    // Production: no "Did you mean …?" and no schema details in validation errors.
    hideSchemaDetailsFromClientErrors: production,
    validationRules: protection.validationRules,
    // runService owns signal handling; two handlers would race to stop the process.
    stopOnTerminationSignals: false,
    logger: apolloLogger(logger.child({ component: 'apollo' })),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGracePeriodMs ?? 8_000 }),
      ...protection.plugins,
      requestGuardPlugin<C>((context) => (context as { [SIGNED]?: boolean })[SIGNED] === true),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
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
        const header = req.get(IDENTITY_HEADER);
        let identity: ForwardedIdentity;
        try {
          // Audience: this subgraph; a header the gateway signed for another one is refused, always.
          identity = await verifyIdentity(header, options.internalSecret, { audience: options.name, requireSignature });
        } catch (error) {
          // 401 so that the gateway's data source reports UNAUTHENTICATED too. Before any parsing or execution.
          throw new GraphQLError('Invalid identity', { originalError: error as Error, extensions: { http: { status: 401 } } });
        }
        const { viewer, clientIp } = identity;
        const contextLogger = viewer ? scope.logger.child({ userId: viewer.userId }) : scope.logger;
        try {
          const context = await options.createContext({ viewer, clientIp, requestId: scope.requestId, logger: contextLogger });
          // A symbol property, not a WeakSet: Apollo clones the context object per operation.
          if (header) Object.defineProperty(context, SIGNED, { value: true, enumerable: true });
          return context;
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
