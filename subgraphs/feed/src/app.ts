import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { STREAMS } from '@agora/events';
import {
  contextUnitOfWork,
  databaseFor,
  eventHandlers,
  PRISMA_CLIENT_DEFAULTS,
  startContext,
  type DriverAdapter,
  type PrismaClientDefaults,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { TIMELINE_HANDLERS } from './application/timeline.handlers';
import type { FeedConfig } from './config';
import { BackfillWindow } from './domain/timeline/timeline-rule';
import type { FeedContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { audienceFactConsumers } from './infrastructure/messaging/timeline.consumers';
import { PrismaFeedQueries } from './infrastructure/prisma-feed.queries';
import { feedScope } from './infrastructure/feed-scope';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

export type RunningFeed = RunningContext<PrismaClient>;

/** The feed's Prisma client (the service's, the rebuild's, the tests'): the shared limits, with 30 s to finish a transaction. */
export function createFeedPrisma(adapter: DriverAdapter, options: PrismaClientDefaults = PRISMA_CLIENT_DEFAULTS): PrismaClient {
  // A fan-out to every follower of an author is one long statement: more room than the shared 15 s on a busy host.
  return new PrismaClient({ adapter, ...options, transactionOptions: { ...options.transactionOptions, timeout: 30_000 } });
}

/**
 * Starts the feed (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). It publishes `feed.item.added.v1` to FEED (through its outbox, one per
 * timeline a publication's fan-out reached) and consumes SOCIAL, POSTS and MODERATION; all are ensured
 * so that start order does not matter.
 */
export async function startFeed(config: FeedConfig, overrides: RuntimeOverrides = {}): Promise<RunningFeed> {
  const window = BackfillWindow.ofDays(config.backfillDays);
  return startContext<PrismaClient, FeedContext>(
    {
      name: 'feed',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: createFeedPrisma,
      streams: [STREAMS.FEED, STREAMS.SOCIAL, STREAMS.POSTS, STREAMS.MODERATION],
      compose: (infrastructure) => {
        // One transaction per consumed event: its inbox row, the replica change, the timeline rows and their outbox rows.
        const unitOfWork = contextUnitOfWork(infrastructure, (tx, outbox) => feedScope(tx, outbox, window));
        const queries = new PrismaFeedQueries(infrastructure.prisma);
        return {
          handlers: [...audienceFactConsumers(infrastructure.prisma), ...eventHandlers(unitOfWork, TIMELINE_HANDLERS)],
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
