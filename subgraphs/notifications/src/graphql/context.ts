import type { BaseContext } from '@agora/service-kit';
import type { MarkNotificationsSeenHandler } from '../application/mark-notifications-seen/mark-notifications-seen.handler';
import type { PrismaNotificationQueries } from '../infrastructure/prisma-notification.queries';
import type { NotificationLoaders } from './loaders';

/** Use cases, built once per process. */
export interface NotificationCommands {
  markSeen: MarkNotificationsSeenHandler;
}

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the use cases. */
export interface NotificationsContext extends BaseContext {
  commands: NotificationCommands;
  queries: PrismaNotificationQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: NotificationLoaders;
}
