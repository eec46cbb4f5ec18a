import { audienceReplicaConsumers } from '@agora/audience';
import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { hideReactionsOnContentRemoved } from './application/moderation/hide-reactions-on-content-removed.handler';
import { showReactionsOnContentRestored } from './application/moderation/show-reactions-on-content-restored.handler';
import { recordCommentOnCommentAdded } from './application/record-comment-on-comment-added/record-comment-on-comment-added.handler';
import { removeReactionsOnCommentDeleted } from './application/remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import { removeReactionsOnPostDeleted } from './application/remove-reactions-on-post-deleted/remove-reactions-on-post-deleted.handler';
import type { ReactionsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaReactionQueries } from './infrastructure/prisma-reaction.queries';
import { reactionsScope } from './infrastructure/reactions-scope';

/**
 * The kernel's post-deletion consumer that reactions replaces with its own
 * (`RemoveReactionsOnPostDeleted`), which records the deletion in the replica AND removes the
 * post's reactions in one transaction.
 */
const REPLACED_AUDIENCE_HANDLERS = ['RecordPostDeletionOnPostDeleted'] as const;

export type ReactionsOverrides = ContextOverrides;
export type RunningReactions = RunningContext<PrismaClient>;

/**
 * The reactions subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). REACTIONS is published to; POSTS, SOCIAL, COMMENTS and MODERATION are
 * consumed (the replicas that say what exists, who may see it and what a moderator removed) and ensured too, so start order does not
 * matter.
 */
export const startReactions = defineBoundedContext({
  name: 'reactions',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.REACTIONS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.COMMENTS, STREAMS.MODERATION],
  scope: reactionsScope,
  consumers: [
    removeReactionsOnPostDeleted,
    recordCommentOnCommentAdded,
    removeReactionsOnCommentDeleted,
    hideReactionsOnContentRemoved,
    showReactionsOnContentRestored,
  ],
  moreHandlers: (prisma) => audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: REPLACED_AUDIENCE_HANDLERS }),
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const queries = new PrismaReactionQueries(prisma);
    return (base): ReactionsContext => ({ ...base, commands, loaders: createLoaders(queries, base.viewer?.userId ?? null) });
  },
});
