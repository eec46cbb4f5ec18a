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
import { recordCommentOnCommentAdded } from './application/record-comment-on-comment-added/record-comment-on-comment-added.handler';
import { removeReactionsOnCommentDeleted } from './application/remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import { removeReactionsOnPostDeleted } from './application/remove-reactions-on-post-deleted/remove-reactions-on-post-deleted.handler';
import type { ReactionsConfig } from './config';
import type { ReactionsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaReactionQueries } from './infrastructure/prisma-reaction.queries';
import { reactionsScope } from './infrastructure/reactions-scope';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/**
 * The kernel's post-deletion consumer that reactions replaces with its own
 * (`RemoveReactionsOnPostDeleted`), which records the deletion in the replica AND removes the
 * post's reactions in one transaction.
 */
const REPLACED_AUDIENCE_HANDLERS = ['RecordPostDeletionOnPostDeleted'] as const;

/** What tests (and only tests) change when running the service in-process. */
export interface ReactionsOverrides extends RuntimeOverrides {
  clock?: Clock;
}

export type RunningReactions = RunningContext<PrismaClient>;

/**
 * Starts the reactions subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). REACTIONS is published to; POSTS, SOCIAL and COMMENTS are consumed
 * (the replicas that say what exists and who may see it) and ensured too, so start order does not
 * matter.
 */
export async function startReactions(config: ReactionsConfig, overrides: ReactionsOverrides = {}): Promise<RunningReactions> {
  const { clock = systemClock, ...runtime } = overrides;
  return startContext<PrismaClient, ReactionsContext>(
    {
      name: 'reactions',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      streams: [STREAMS.REACTIONS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.COMMENTS],
      compose: (infrastructure) => {
        const unitOfWork = contextUnitOfWork(infrastructure, reactionsScope);
        const commands = createCommandPipeline({ context: 'REACTIONS', unitOfWork, clock, ids: uuidV7 });
        const queries = new PrismaReactionQueries(infrastructure.prisma);
        return {
          handlers: [
            ...audienceReplicaConsumers(infrastructure.prisma, { socialFacts: true, postFacts: true, except: REPLACED_AUDIENCE_HANDLERS }),
            ...eventHandlers(unitOfWork, [removeReactionsOnPostDeleted, recordCommentOnCommentAdded, removeReactionsOnCommentDeleted], { clock }),
          ],
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('reactions', config) },
    runtime,
  );
}
