import { audienceReplicaConsumers } from '@agora/audience';
import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { hideCommentsOnContentRemoved } from './application/moderation/hide-comments-on-content-removed.handler';
import { showCommentsOnContentRestored } from './application/moderation/show-comments-on-content-restored.handler';
import { removeCommentsOnPostDeleted } from './application/remove-comments-on-post-deleted/remove-comments-on-post-deleted.handler';
import type { CommentsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { commentsScope } from './infrastructure/comments-scope';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaCommentQueries } from './infrastructure/prisma-comment.queries';

export type CommentsOverrides = ContextOverrides;
export type RunningComments = RunningContext<PrismaClient>;

/**
 * The comments subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). COMMENTS is published to; POSTS and SOCIAL (the audience replica) and
 * MODERATION (removals) are consumed and ensured too, so start order does not matter.
 */
export const startComments = defineBoundedContext({
  name: 'comments',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.COMMENTS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MODERATION],
  scope: commentsScope,
  consumers: [removeCommentsOnPostDeleted, hideCommentsOnContentRemoved, showCommentsOnContentRestored],
  moreHandlers: (prisma) => audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true }),
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const queries = new PrismaCommentQueries(prisma);
    return (base): CommentsContext => ({ ...base, commands, loaders: createLoaders(queries, base.viewer ?? null) });
  },
});
