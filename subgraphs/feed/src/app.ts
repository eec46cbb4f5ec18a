import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { STREAMS } from '@agora/events';
import { databaseFor, startContext, type DriverAdapter, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import type { FeedConfig } from './config';
import { BackfillWindow } from './domain/timeline/timeline-rule';
import type { FeedContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { feedConsumers } from './infrastructure/messaging/timeline.consumers';
import { PrismaFeedQueries } from './infrastructure/prisma-feed.queries';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

export type RunningFeed = RunningContext<PrismaClient>;

/** The feed's Prisma client; a fan-out to many followers is one statement, but give it room on a busy host. */
export function createFeedPrisma(adapter: DriverAdapter): PrismaClient {
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 30_000 } });
}

/**
 * Starts the feed (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). It publishes nothing; it consumes SOCIAL and POSTS, both ensured so
 * that start order does not matter.
 */
export async function startFeed(config: FeedConfig, overrides: RuntimeOverrides = {}): Promise<RunningFeed> {
  const window = BackfillWindow.ofDays(config.backfillDays);
  return startContext<PrismaClient, FeedContext>(
    {
      name: 'feed',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: createFeedPrisma,
      streams: [STREAMS.SOCIAL, STREAMS.POSTS],
      compose: ({ prisma }) => {
        const queries = new PrismaFeedQueries(prisma);
        return {
          handlers: feedConsumers(prisma, window),
          typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')),
          resolvers,
          createContext: (base) => ({ ...base, queries }),
        };
      },
    },
    { ...config, database: databaseFor('feed', config) },
    overrides,
  );
}
