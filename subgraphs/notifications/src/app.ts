import { fileURLToPath } from 'node:url';
import { STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { DeliverMentionsOnAccountRegisteredHandler } from './application/deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { DropNotificationsOnCommentDeletedHandler } from './application/drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { DropNotificationsOnPostDeletedHandler } from './application/drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { MarkNotificationsSeenHandler } from './application/mark-notifications-seen/mark-notifications-seen.handler';
import { NotifyMentionsOnPostPublishedHandler } from './application/notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { NotifyOnCommentAddedHandler } from './application/notify-on-comment-added/notify-on-comment-added.handler';
import { NotifyOnFollowCreatedHandler } from './application/notify-on-follow-created/notify-on-follow-created.handler';
import { NotifyOnReactionSetHandler } from './application/notify-on-reaction-set/notify-on-reaction-set.handler';
import { systemClock, type Clock } from './application/ports';
import type { NotificationsConfig } from './config';
import type { NotificationsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { notificationConsumers } from './infrastructure/messaging/notification.consumers';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaNotificationQueries } from './infrastructure/prisma-notification.queries';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What tests (and only tests) change when running the service in-process. */
export interface NotificationsOverrides extends RuntimeOverrides {
  clock?: Clock;
}

export type RunningNotifications = RunningContext<PrismaClient>;

/**
 * Starts the notifications subgraph (database → Prisma → NATS → consumers → server, see
 * @agora/context-runtime). Notifications publishes nothing; it consumes SOCIAL, POSTS, COMMENTS,
 * REACTIONS and IDENTITY, ensured here so it can start before their producers.
 */
export async function startNotifications(config: NotificationsConfig, overrides: NotificationsOverrides = {}): Promise<RunningNotifications> {
  const { clock = systemClock, ...runtime } = overrides;
  return startContext<PrismaClient, NotificationsContext>(
    {
      name: 'notifications',
      migrationsDir: MIGRATIONS_DIR,
      // Prisma's defaults (2 s to start a transaction, 5 s to finish it) fail healthy consumers on
      // a busy host, where PGlite serialises every statement.
      createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }),
      streams: [STREAMS.SOCIAL, STREAMS.POSTS, STREAMS.COMMENTS, STREAMS.REACTIONS, STREAMS.IDENTITY],
      compose: ({ prisma }) => {
        const unitOfWork = new PrismaUnitOfWork(prisma);
        const deps = { unitOfWork };
        const queries = new PrismaNotificationQueries(prisma);
        const commands = { markSeen: new MarkNotificationsSeenHandler({ marker: queries, clock }) };
        return {
          handlers: notificationConsumers(prisma, {
            notifyOnFollowCreated: new NotifyOnFollowCreatedHandler(deps),
            notifyOnCommentAdded: new NotifyOnCommentAddedHandler(deps),
            notifyOnReactionSet: new NotifyOnReactionSetHandler(deps),
            notifyMentionsOnPostPublished: new NotifyMentionsOnPostPublishedHandler(deps),
            deliverMentionsOnAccountRegistered: new DeliverMentionsOnAccountRegisteredHandler(deps),
            dropNotificationsOnPostDeleted: new DropNotificationsOnPostDeletedHandler(deps),
            dropNotificationsOnCommentDeleted: new DropNotificationsOnCommentDeletedHandler(deps),
          }),
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('notifications', config) },
    runtime,
  );
}
