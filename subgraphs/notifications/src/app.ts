import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { deliverMentionsOnAccountRegistered } from './application/deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { dropNotificationsOnCommentDeleted } from './application/drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { dropNotificationsOnPostDeleted } from './application/drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { notifyMentionsOnPostPublished } from './application/notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { notifyOnCommentAdded } from './application/notify-on-comment-added/notify-on-comment-added.handler';
import { notifyOnFollowCreated } from './application/notify-on-follow-created/notify-on-follow-created.handler';
import { notifyOnReactionSet } from './application/notify-on-reaction-set/notify-on-reaction-set.handler';
import type { NotificationsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { audienceFactConsumers } from './infrastructure/messaging/notification.consumers';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaNotificationQueries } from './infrastructure/prisma-notification.queries';
import { prismaNotificationScope } from './infrastructure/prisma-notification-scope';

export type NotificationsOverrides = ContextOverrides;
export type RunningNotifications = RunningContext<PrismaClient>;

/**
 * The notifications subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). It publishes `notifications.notification.created.v1` to NOTIFICATIONS
 * (through its outbox, one per notification stored) and consumes SOCIAL, POSTS, COMMENTS,
 * REACTIONS and IDENTITY; all are ensured here so it can start before their producers.
 */
export const startNotifications = defineBoundedContext({
  name: 'notifications',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.NOTIFICATIONS, STREAMS.SOCIAL, STREAMS.POSTS, STREAMS.COMMENTS, STREAMS.REACTIONS, STREAMS.IDENTITY],
  scope: prismaNotificationScope,
  consumers: [
    notifyOnFollowCreated,
    notifyOnCommentAdded,
    notifyOnReactionSet,
    notifyMentionsOnPostPublished,
    deliverMentionsOnAccountRegistered,
    dropNotificationsOnPostDeleted,
    dropNotificationsOnCommentDeleted,
  ],
  moreHandlers: audienceFactConsumers,
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const queries = new PrismaNotificationQueries(prisma);
    return (base): NotificationsContext => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) });
  },
});
