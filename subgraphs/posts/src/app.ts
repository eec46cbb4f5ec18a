import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { STREAMS, newEventId } from '@agora/events';
import { OutboxRelay, connectNats, ensureStreams, isNatsConnected } from '@agora/messaging';
import { createOutboxStore, openDatabase, type Database } from '@agora/prisma-kit';
import { createLogger, startSubgraphServer, type Logger } from '@agora/service-kit';
import { DeletePostHandler } from './application/delete-post/delete-post.handler';
import { EditPostHandler } from './application/edit-post/edit-post.handler';
import { PublishPostHandler } from './application/publish-post/publish-post.handler';
import type { Clock, IdGenerator } from './application/ports';
import type { PostsConfig } from './config';
import type { PostCommands, PostsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { PrismaPostQueries } from './infrastructure/prisma-post.queries';
import { PrismaPostRepository } from './infrastructure/prisma-post.repository';
import { Prisma, PrismaClient } from './infrastructure/prisma/__generated__/client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

type DriverAdapter = Database['adapter'];

/** Test seams; production passes at most a logger. */
export interface PostsOverrides {
  logger?: Logger;
  /** PGlite in memory instead of `<DATA_DIR>/posts` (ignored when a database URL is configured). */
  inMemoryDatabase?: boolean;
  /** Wraps the driver adapter, e.g. with prisma-kit `countStatements`. */
  wrapAdapter?: (adapter: DriverAdapter) => DriverAdapter;
  clock?: Clock;
  ids?: IdGenerator;
}

export interface RunningPosts {
  url: string;
  port: number;
  prisma: PrismaClient;
  relay: OutboxRelay;
  /** Closes everything, in order: server → relay → NATS (drain) → Prisma → database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates, connects NATS, starts the outbox relay and the subgraph server. */
export async function startPosts(config: PostsConfig, overrides: PostsOverrides = {}): Promise<RunningPosts> {
  const logger = overrides.logger ?? createLogger('posts', config.logLevel);
  // Everything opened so far, closed in reverse if a later step fails (and by stop()).
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };

  try {
    const db = await openDatabase(
      config.databaseUrl
        ? { url: config.databaseUrl }
        : overrides.inMemoryDatabase
          ? { memory: true }
          : { dataDir: config.pgliteDir },
    );
    closers.push(() => db.close());
    const { applied } = await db.migrate(MIGRATIONS_DIR);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const migrationNames = await localMigrations();

    const adapter = overrides.wrapAdapter ? overrides.wrapAdapter(db.adapter) : db.adapter;
    // Prisma's defaults (2 s to start a transaction, 5 s to finish it) fail healthy commands on
    // a busy host, where PGlite serializes every statement; a command's transaction is two
    // short statements, so a longer ceiling costs nothing in the normal case.
    const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
    closers.push(() => prisma.$disconnect());

    const nc = await connectNats({ servers: config.natsUrl, name: 'posts', logger });
    closers.push(() => nc.drain());
    await ensureStreams(nc, [STREAMS.POSTS]);

    const relay = new OutboxRelay({ store: createOutboxStore(prisma), nc, logger });
    relay.start();
    closers.push(() => relay.stop());

    const clock = overrides.clock ?? { now: () => new Date() };
    const ids = overrides.ids ?? { next: newEventId };
    const repository = new PrismaPostRepository(prisma, () => relay.wake());
    const commands: PostCommands = {
      publishPost: new PublishPostHandler(repository, clock, ids),
      editPost: new EditPostHandler(repository, clock),
      deletePost: new DeletePostHandler(repository, clock),
    };
    const queries = new PrismaPostQueries(prisma);

    const server = await startSubgraphServer<PostsContext>({
      name: 'posts',
      host: config.host,
      port: config.port,
      typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')),
      resolvers,
      createContext: (base) => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer) }),
      readiness: async () => {
        const checks = {
          database: await db.ping().then(() => true, () => false),
          migrations: await migrationsApplied(prisma, migrationNames),
          nats: isNatsConnected(nc),
        };
        return { ready: Object.values(checks).every(Boolean), checks };
      },
      internalSecret: config.internalSecret,
      logger,
    });
    closers.push(() => server.close());
    logger.info({ url: server.url }, 'posts subgraph ready');

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      prisma,
      relay,
      stop: () => (stopping ??= closeAll()),
    };
  } catch (error) {
    await closeAll().catch((closeError: unknown) => logger.error({ err: closeError }, 'cleanup after failed start failed'));
    throw error;
  }
}

async function localMigrations(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/** Readiness: every migration shipped with this build is recorded as finished in the database. */
async function migrationsApplied(prisma: PrismaClient, names: string[]): Promise<boolean> {
  try {
    const rows = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL AND migration_name IN (${Prisma.join(names)})`;
    return rows[0]?.n === names.length;
  } catch {
    return false;
  }
}
