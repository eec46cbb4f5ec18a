import { fileURLToPath } from 'node:url';
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
import { deliverMentionsOnAccountRegistered } from './application/deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { dropNotificationsOnCommentDeleted } from './application/drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { dropNotificationsOnPostDeleted } from './application/drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { notifyMentionsOnPostPublished } from './application/notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { notifyOnCommentAdded } from './application/notify-on-comment-added/notify-on-comment-added.handler';
import { notifyOnFollowCreated } from './application/notify-on-follow-created/notify-on-follow-created.handler';
import { notifyOnReactionSet } from './application/notify-on-reaction-set/notify-on-reaction-set.handler';
import type { NotificationsConfig } from './config';
import type { NotificationsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { audienceFactConsumers } from './infrastructure/messaging/notification.consumers';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaNotificationQueries } from './infrastructure/prisma-notification.queries';
import { prismaNotificationScope } from './infrastructure/prisma-notification-scope';

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
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      streams: [STREAMS.SOCIAL, STREAMS.POSTS, STREAMS.COMMENTS, STREAMS.REACTIONS, STREAMS.IDENTITY],
      compose: (infrastructure) => {
        const unitOfWork = contextUnitOfWork(infrastructure, prismaNotificationScope);
        const commands = createCommandPipeline({ context: 'NOTIFICATIONS', unitOfWork, clock, ids: uuidV7 });
        const queries = new PrismaNotificationQueries(infrastructure.prisma);
        return {
          handlers: [
            ...eventHandlers(
              unitOfWork,
              [
                notifyOnFollowCreated,
                notifyOnCommentAdded,
                notifyOnReactionSet,
                notifyMentionsOnPostPublished,
                deliverMentionsOnAccountRegistered,
                dropNotificationsOnPostDeleted,
                dropNotificationsOnCommentDeleted,
              ],
              { clock },
            ),
            ...audienceFactConsumers(infrastructure.prisma),
          ],
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
