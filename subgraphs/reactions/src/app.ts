import { fileURLToPath } from 'node:url';
import { audienceReplicaConsumers } from '@agora/audience';
import { STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { systemClock, type Clock } from './application/ports';
import { ReactHandler } from './application/react/react.handler';
import { RecordCommentOnCommentAddedHandler } from './application/record-comment-on-comment-added/record-comment-on-comment-added.handler';
import { RemoveReactionsOnCommentDeletedHandler } from './application/remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import { RemoveReactionsOnPostDeletedHandler } from './application/remove-reactions-on-post-deleted/remove-reactions-on-post-deleted.handler';
import { UnreactHandler } from './application/unreact/unreact.handler';
import type { ReactionsConfig } from './config';
import type { ReactionsCommands, ReactionsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import {
  recordCommentOnCommentAdded,
  REPLACED_AUDIENCE_HANDLERS,
  removeReactionsOnCommentDeleted,
  removeReactionsOnPostDeleted,
} from './infrastructure/messaging/reactions.consumers';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaReactionQueries } from './infrastructure/prisma-reaction.queries';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

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
      // Prisma's defaults (2 s to start a transaction, 5 s to finish it) fail healthy commands on a
      // busy host, where PGlite serializes every statement.
      createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }),
      streams: [STREAMS.REACTIONS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.COMMENTS],
      compose: ({ prisma, relay }) => {
        const unitOfWork = new PrismaUnitOfWork(prisma, () => relay.wake());
        const commands: ReactionsCommands = {
          react: new ReactHandler({ unitOfWork, clock }),
          unreact: new UnreactHandler({ unitOfWork, clock }),
        };
        const queries = new PrismaReactionQueries(prisma);
        return {
          handlers: [
            ...audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: REPLACED_AUDIENCE_HANDLERS }),
            removeReactionsOnPostDeleted(new RemoveReactionsOnPostDeletedHandler({ unitOfWork })),
            recordCommentOnCommentAdded(new RecordCommentOnCommentAddedHandler({ unitOfWork })),
            removeReactionsOnCommentDeleted(new RemoveReactionsOnCommentDeletedHandler({ unitOfWork })),
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
