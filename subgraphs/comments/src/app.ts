import { fileURLToPath } from 'node:url';
import { audienceReplicaConsumers } from '@agora/audience';
import { STREAMS } from '@agora/events';
import {
  contextUnitOfWork,
  createCommandPipeline,
  databaseFor,
  eventHandlers,
  startContext,
  systemClock,
  uuidV7,
  type Clock,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { removeCommentsOnPostDeleted } from './application/remove-comments-on-post-deleted/remove-comments-on-post-deleted.handler';
import type { CommentsConfig } from './config';
import type { CommentsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { commentsScope } from './infrastructure/comments-scope';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaCommentQueries } from './infrastructure/prisma-comment.queries';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What tests (and only tests) change when running the service in-process. */
export interface CommentsOverrides extends RuntimeOverrides {
  clock?: Clock;
}

export type RunningComments = RunningContext<PrismaClient>;

/**
 * Starts the comments subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). Consumes social's and posts' facts into its audience replica
 * (@agora/audience) and removes a deleted post's comments; POSTS and SOCIAL are ensured too so
 * comments can start before them.
 */
export async function startComments(config: CommentsConfig, overrides: CommentsOverrides = {}): Promise<RunningComments> {
  const { clock = systemClock, ...runtime } = overrides;
  return startContext<PrismaClient, CommentsContext>(
    {
      name: 'comments',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      streams: [STREAMS.COMMENTS, STREAMS.POSTS, STREAMS.SOCIAL],
      compose: (infrastructure) => {
        const unitOfWork = contextUnitOfWork(infrastructure, commentsScope);
        const commands = createCommandPipeline({ context: 'COMMENTS', unitOfWork, clock, ids: uuidV7 });
        const queries = new PrismaCommentQueries(infrastructure.prisma);
        return {
          handlers: [
            ...audienceReplicaConsumers(infrastructure.prisma, { socialFacts: true, postFacts: true }),
            ...eventHandlers(unitOfWork, [removeCommentsOnPostDeleted], { clock }),
          ],
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('comments', config) },
    runtime,
  );
}
