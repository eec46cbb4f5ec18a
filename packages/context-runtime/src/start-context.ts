/**
 * Every context starts the same infrastructure in the same order — database (migrated) → Prisma
 * → NATS (streams) → outbox relay → consumers → GraphQL server — and stops it in reverse, so that
 * intake stops first and nothing is closed while something above still uses it. A context only
 * says what is its own (`compose`): its handlers, its schema, its per-request context.
 */
import type { StreamSpec } from '@agora/events';
import {
  connectNats,
  ensureStreams,
  isNatsConnected,
  OutboxRelay,
  startConsumers,
  type ConsumerOptions,
  type EventHandler,
  type NatsConnection,
  type OutboxRelayOptions,
  type RunningConsumers,
} from '@agora/messaging';
import {
  createOutboxStore,
  createUnitOfWork,
  openDatabase,
  type Database,
  type DatabaseOptions,
  type SqlExecutor,
  type TransactionalClient,
  type TransactionalUnitOfWork,
  type TransactionOutbox,
} from '@agora/prisma-kit';
import { createLogger, startSubgraphServer, type BaseContext, type Logger, type SubgraphServerOptions } from '@agora/service-kit';
import type { DocumentNode } from 'graphql';

export type DriverAdapter = Database['adapter'];

/** What every context's Prisma client is created with. */
export interface PrismaClientDefaults {
  transactionOptions: { maxWait: number; timeout: number };
}

/**
 * Prisma's defaults (2 s to start a transaction, 5 s to finish it) fail healthy commands on a busy
 * host, where PGlite serialises every statement. A command's transaction is a few short
 * statements, so a longer ceiling costs nothing in the normal case.
 */
export const PRISMA_CLIENT_DEFAULTS: PrismaClientDefaults = { transactionOptions: { maxWait: 10_000, timeout: 15_000 } };

/** What a context's Prisma client must offer the runtime. */
export interface PrismaLike extends SqlExecutor {
  $disconnect(): Promise<void>;
}

/** Settings every context process has (each context maps its own config onto these). */
export interface ContextSettings {
  host: string;
  port: number;
  natsUrl: string;
  /** `NATS_USER`/`NATS_PASSWORD`: the context's NATS credentials (unset: anonymous, a server without auth). */
  natsUser?: string | undefined;
  natsPassword?: string | undefined;
  logLevel: string;
  internalSecret: string;
  /** Postgres URL, or a PGlite data directory. */
  database: DatabaseOptions;
  /**
   * `AUTH_REQUIRE_VERIFIED_EMAIL` (`ContextConfig.requireVerifiedEmail`): what a context that
   * builds its own command pipeline passes as `createCommandPipeline({ requireVerifiedEmail })`
   * (`defineBoundedContext` does it for its contexts). Default false.
   */
  requireVerifiedEmail?: boolean;
}

/** What tests change when running a context in-process. */
export interface RuntimeOverrides {
  logger?: Logger;
  /** Instead of the configured database, e.g. `{ memory: true }`. */
  database?: DatabaseOptions;
  /** Wraps the driver adapter, e.g. with prisma-kit `countStatements`. */
  wrapAdapter?: (adapter: DriverAdapter) => DriverAdapter;
  consumers?: Pick<ConsumerOptions, 'ackWaitMs' | 'backoffMs' | 'maxDeliver' | 'beforeAck'>;
  relay?: Pick<OutboxRelayOptions, 'pollIntervalMs' | 'afterPublish'>;
}

/** The infrastructure a context composes its own parts from. */
export interface Infrastructure<P extends PrismaLike> {
  prisma: P;
  db: Database;
  nc: NatsConnection;
  relay: OutboxRelay;
  logger: Logger;
}

/** A context's own parts: event handlers and its GraphQL subgraph. */
export interface ContextParts<C extends BaseContext> {
  handlers?: EventHandler<any, any>[];
  typeDefs: DocumentNode;
  resolvers: object;
  createContext: SubgraphServerOptions<C>['createContext'];
  routes?: SubgraphServerOptions<C>['routes'];
  /** More readiness checks (e.g. media's storage), reported by /health/ready beside database and NATS. */
  readinessChecks?: Record<string, () => Promise<boolean>>;
  /** Background work started after the server listens (e.g. a sweeper); stopped first on shutdown. */
  background?: { start(): void; stop(): Promise<void> }[];
}

export interface ContextDefinition<P extends PrismaLike, C extends BaseContext> {
  /** Context name: logger `service`, NATS connection name, consumer prefix (`<name>--<handler>`). */
  name: string;
  /** `<package>/prisma/migrations`, applied at start-up. */
  migrationsDir: string;
  /** `(adapter, options) => new PrismaClient({ adapter, ...options })`; options carry the shared transaction limits. */
  createPrisma(adapter: DriverAdapter, options: PrismaClientDefaults): P;
  /** Streams this context publishes to AND consumes from; ensured idempotently, so start order does not matter. */
  streams: StreamSpec[];
  compose(infrastructure: Infrastructure<P>): ContextParts<C> | Promise<ContextParts<C>>;
}

export interface RunningContext<P extends PrismaLike> extends Infrastructure<P> {
  /** `http://<host>:<port>/graphql` */
  url: string;
  port: number;
  /** Base URL without `/graphql` (health checks, extra routes). */
  origin: string;
  consumers: RunningConsumers;
  /** Stops intake first, then drains: server → consumers → relay → NATS → Prisma → database. Idempotent. */
  stop(): Promise<void>;
}

const NO_CONSUMERS: RunningConsumers = { names: [], stop: async () => {} };

/**
 * Starts a context. If a step fails, whatever already started is stopped again (in reverse) and
 * the error is rethrown, so a failed start leaks no connection, lock or port.
 */
export async function startContext<P extends PrismaLike, C extends BaseContext>(
  definition: ContextDefinition<P, C>,
  settings: ContextSettings,
  overrides: RuntimeOverrides = {},
): Promise<RunningContext<P>> {
  const logger = overrides.logger ?? createLogger(definition.name, settings.logLevel);
  const teardown: (() => Promise<unknown>)[] = [];
  // Every step runs even if an earlier one fails; the first failure is rethrown at the end.
  const unwind = async () => {
    const failures: unknown[] = [];
    for (const step of teardown.splice(0).reverse()) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };

  try {
    const db = await openDatabase(overrides.database ?? settings.database);
    teardown.push(() => db.close());
    const { applied } = await db.migrate(definition.migrationsDir);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const prisma = definition.createPrisma(overrides.wrapAdapter ? overrides.wrapAdapter(db.adapter) : db.adapter, PRISMA_CLIENT_DEFAULTS);
    teardown.push(() => prisma.$disconnect());

    const nc = await connectNats({
      servers: settings.natsUrl,
      name: definition.name,
      logger,
      ...(settings.natsUser !== undefined && { user: settings.natsUser, pass: settings.natsPassword }),
    });
    teardown.push(() => nc.drain());
    await ensureStreams(nc, definition.streams, { logger });

    const relay = new OutboxRelay({ store: createOutboxStore(prisma), nc, logger, ...overrides.relay });
    relay.start();
    teardown.push(() => relay.stop());

    const infrastructure: Infrastructure<P> = { prisma, db, nc, relay, logger };
    const parts = await definition.compose(infrastructure);

    let consumers = NO_CONSUMERS;
    // NATS permissions (@agora/messaging access.ts) grant consumers only on declared streams.
    const undeclared = (parts.handlers ?? []).filter((handler) => !definition.streams.some((s) => s.name === handler.contract.stream));
    if (undeclared.length > 0) {
      throw new Error(
        `${definition.name}: handlers ${undeclared.map((h) => `${h.name} (${h.contract.stream})`).join(', ')} read streams missing from the context's streams`,
      );
    }
    if (parts.handlers && parts.handlers.length > 0) {
      consumers = await startConsumers({ nc, context: definition.name, handlers: parts.handlers, logger, ...overrides.consumers });
      teardown.push(() => consumers.stop());
    }

    const server = await startSubgraphServer<C>({
      name: definition.name,
      host: settings.host,
      port: settings.port,
      typeDefs: parts.typeDefs,
      resolvers: parts.resolvers,
      createContext: parts.createContext,
      routes: parts.routes,
      // Migrations ran to completion before the server could answer, so they are always applied here.
      readiness: async () => {
        const database = await db.ping().then(
          () => true,
          () => false,
        );
        const extra = await Promise.all(
          Object.entries(parts.readinessChecks ?? {}).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
        );
        const checks: Record<string, boolean> = { database, migrations: true, nats: isNatsConnected(nc), ...Object.fromEntries(extra) };
        return { ready: Object.values(checks).every(Boolean), checks };
      },
      internalSecret: settings.internalSecret,
      logger,
    });
    teardown.push(() => server.close());
    for (const task of parts.background ?? []) {
      task.start();
      teardown.push(() => task.stop());
    }
    logger.info({ url: server.url }, `${definition.name} subgraph ready`);

    let stopping: Promise<void> | undefined;
    return {
      ...infrastructure,
      url: server.url,
      port: server.port,
      origin: new URL(server.url).origin,
      consumers,
      stop: () => (stopping ??= unwind()),
    };
  } catch (error) {
    await unwind().catch((cleanupError: unknown) => logger.error({ err: cleanupError }, 'cleanup after failed start-up failed'));
    throw error;
  }
}

/** Postgres when a URL is configured, otherwise PGlite in `<dataDir>/<context>`. */
export function databaseFor(context: string, config: { databaseUrl?: string | undefined; dataDir: string }): DatabaseOptions {
  return config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir.replace(/\/+$/, '')}/${context}` };
}

/**
 * The context's unit of work (prisma-kit's TransactionalUnitOfWork over its own transaction
 * scope), with the relay woken after every commit that wrote outbox rows.
 */
export function contextUnitOfWork<Tx extends SqlExecutor, Scope>(
  infrastructure: { prisma: TransactionalClient<Tx>; relay: { wake(): void } },
  scope: (tx: Tx, outbox: TransactionOutbox) => Scope,
): TransactionalUnitOfWork<Tx, Scope> {
  const { relay } = infrastructure;
  return createUnitOfWork(infrastructure.prisma, { scope, onOutboxCommitted: () => relay.wake() });
}
