import { audienceReplicaConsumers } from '@agora/audience';
import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { hasRole, viewerIdOf } from '@agora/service-kit';
import { recordCommentDeletionOnCommentDeleted } from './application/consumers/record-comment-deletion-on-comment-deleted.handler';
import { recordCommentOnCommentAdded } from './application/consumers/record-comment-on-comment-added.handler';
import { recordRoleOnAccountRoleChanged } from './application/consumers/record-role-on-account-role-changed.handler';
import type { ModerationContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { moderationScope } from './infrastructure/moderation-scope';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaModerationQueries } from './infrastructure/prisma-moderation.queries';

export type ModerationOverrides = ContextOverrides;
export type RunningModeration = RunningContext<PrismaClient>;

/** The consumers moderation declares itself (the audience replica's come from the kernel). */
export const moderationConsumers = [recordCommentOnCommentAdded, recordCommentDeletionOnCommentDeleted, recordRoleOnAccountRoleChanged];

/**
 * The moderation subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). MODERATION is published to; POSTS, COMMENTS, SOCIAL (the replicas of
 * what can be reported and who may see it) and IDENTITY (roles) are consumed, and ensured too, so
 * start order does not matter.
 */
export const startModeration = defineBoundedContext({
  name: 'moderation',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.MODERATION, STREAMS.POSTS, STREAMS.COMMENTS, STREAMS.SOCIAL, STREAMS.IDENTITY],
  scope: moderationScope,
  consumers: moderationConsumers,
  moreHandlers: (prisma) => audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true }),
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands, clock }) => {
    const queries = new PrismaModerationQueries(prisma);
    return (base): ModerationContext => ({
      ...base,
      commands,
      queries,
      loaders: createLoaders(queries, { viewerId: viewerIdOf(base.viewer), moderator: hasRole(base.viewer, 'MODERATOR') }, clock),
    });
  },
});
