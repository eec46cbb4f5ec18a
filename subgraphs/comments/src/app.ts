import { fileURLToPath } from 'node:url';
import { audienceReplicaConsumers } from '@agora/audience';
import { newEventId, STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { AddCommentHandler } from './application/add-comment/add-comment.handler';
import { DeleteCommentHandler } from './application/delete-comment/delete-comment.handler';
import { systemClock, type Clock, type IdGenerator } from './application/ports';
import { RemoveCommentsOnPostDeletedHandler } from './application/remove-comments-on-post-deleted/remove-comments-on-post-deleted.handler';
import type { CommentsConfig } from './config';
import type { CommentCommands, CommentsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { removeCommentsOnPostDeleted } from './infrastructure/messaging/remove-comments-on-post-deleted.consumer';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaCommentQueries } from './infrastructure/prisma-comment.queries';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const uuidV7: IdGenerator = { newId: newEventId };

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
  const clock = overrides.clock ?? systemClock;
  return startContext<PrismaClient, CommentsContext>(
    {
      name: 'comments',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter) => new PrismaClient({ adapter }),
      streams: [STREAMS.COMMENTS, STREAMS.POSTS, STREAMS.SOCIAL],
      compose: ({ prisma, relay }) => {
        const unitOfWork = new PrismaUnitOfWork(prisma, () => relay.wake());
        const commands: CommentCommands = {
          addComment: new AddCommentHandler({ unitOfWork, clock, ids: uuidV7 }),
          deleteComment: new DeleteCommentHandler({ unitOfWork, clock }),
        };
        const queries = new PrismaCommentQueries(prisma);
        return {
          handlers: [
            ...audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true }),
            removeCommentsOnPostDeleted(new RemoveCommentsOnPostDeletedHandler({ unitOfWork })),
          ],
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('comments', config) },
    overrides,
  );
}
