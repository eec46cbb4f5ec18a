import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { STREAMS } from '@agora/events';
import {
  connectNats,
  ensureStreams,
  isNatsConnected,
  OutboxRelay,
  startConsumers,
  type ConsumerOptions,
  type NatsConnection,
  type OutboxRelayOptions,
  type RunningConsumers,
} from '@agora/messaging';
import { createOutboxStore, openDatabase, type Database, type DatabaseOptions } from '@agora/prisma-kit';

type DriverAdapter = Database['adapter'];
import { createLogger, startSubgraphServer, type Logger } from '@agora/service-kit';
import { CreateProfileOnAccountRegisteredHandler } from './application/create-profile-on-account-registered/create-profile-on-account-registered.handler';
import { systemClock, type Clock } from './application/ports';
import { UpdateProfileHandler } from './application/update-profile/update-profile.handler';
import type { ProfilesConfig } from './config';
import type { ProfilesContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { createProfileOnAccountRegistered } from './infrastructure/messaging/create-profile-on-account-registered.consumer';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaProfileReader } from './infrastructure/prisma-profile.reader';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What tests (and only tests) change when running the service in-process. */
export interface ProfilesOverrides {
  logger?: Logger;
  /** Instead of the configured Postgres URL / data dir, e.g. `{ memory: true }`. */
  database?: DatabaseOptions;
  /** Wraps the driver adapter, e.g. with prisma-kit `countStatements`. */
  wrapAdapter?: (adapter: DriverAdapter) => DriverAdapter;
  consumers?: Pick<ConsumerOptions, 'ackWaitMs' | 'backoffMs' | 'maxDeliver' | 'beforeAck'>;
  relay?: Pick<OutboxRelayOptions, 'pollIntervalMs' | 'afterPublish'>;
  clock?: Clock;
}

export interface RunningProfiles {
  url: string;
  port: number;
  prisma: PrismaClient;
  relay: OutboxRelay;
  consumers: RunningConsumers;
  nc: NatsConnection;
  db: Database;
  /** Stops intake first, then drains: server → consumers → relay → NATS → Prisma → database. */
  stop(): Promise<void>;
}

/**
 * Starts the profiles subgraph: database (migrated) → Prisma → NATS (streams) → outbox relay →
 * consumers → GraphQL server. If a step fails, whatever was already started is stopped again.
 */
export async function startProfiles(config: ProfilesConfig, overrides: ProfilesOverrides = {}): Promise<RunningProfiles> {
  const logger = overrides.logger ?? createLogger('profiles', config.logLevel);
  const clock = overrides.clock ?? systemClock;
  // Undo stack: run in reverse on failure, and by stop().
  const teardown: (() => Promise<unknown>)[] = [];
  // Every step runs even if an earlier one failed; the first failure is rethrown at the end.
  const unwind = async () => {
    const failures: unknown[] = [];
    for (const step of teardown.splice(0).reverse()) await step().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };

  try {
    const db = await openDatabase(
      overrides.database ?? (config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'profiles') }),
    );
    teardown.push(() => db.close());
    const { applied } = await db.migrate(MIGRATIONS_DIR);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const adapter = overrides.wrapAdapter ? overrides.wrapAdapter(db.adapter) : db.adapter;
    const prisma = new PrismaClient({ adapter });
    teardown.push(() => prisma.$disconnect());

    const nc = await connectNats({ servers: config.natsUrl, name: 'profiles', logger });
    teardown.push(() => nc.drain());
    // IDENTITY is ensured too (same shared spec, idempotent) so profiles can start before identity.
    await ensureStreams(nc, [STREAMS.PROFILES, STREAMS.IDENTITY]);

    const relay = new OutboxRelay({ store: createOutboxStore(prisma), nc, logger, ...overrides.relay });
    relay.start();
    teardown.push(() => relay.stop());

    const unitOfWork = new PrismaUnitOfWork(prisma, () => relay.wake());
    const consumers = await startConsumers({
      nc,
      context: 'profiles',
      handlers: [createProfileOnAccountRegistered(new CreateProfileOnAccountRegisteredHandler({ unitOfWork, clock }))],
      logger,
      ...overrides.consumers,
    });
    teardown.push(() => consumers.stop());

    const reader = new PrismaProfileReader(prisma);
    const updateProfile = new UpdateProfileHandler({ unitOfWork, clock });
    const server = await startSubgraphServer<ProfilesContext>({
      name: 'profiles',
      host: config.host,
      port: config.port,
      typeDefs,
      resolvers,
      createContext: (base) => ({ ...base, loaders: createLoaders(reader), useCases: { updateProfile } }),
      readiness: async () => {
        const database = await db.ping().then(
          () => true,
          () => false,
        );
        // Migrations ran to completion above, before the server could answer.
        const checks = { database, migrations: true, nats: isNatsConnected(nc) };
        return { ready: Object.values(checks).every(Boolean), checks };
      },
      internalSecret: config.internalSecret,
      logger,
    });
    teardown.push(() => server.close());
    logger.info({ url: server.url }, 'profiles subgraph ready');

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      prisma,
      relay,
      consumers,
      nc,
      db,
      stop: () => (stopping ??= unwind()),
    };
  } catch (error) {
    await unwind().catch((cleanupError: unknown) => logger.error({ err: cleanupError }, 'cleanup after failed start-up failed'));
    throw error;
  }
}
