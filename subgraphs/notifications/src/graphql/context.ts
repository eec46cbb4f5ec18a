import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { NotificationScope } from '../application/ports';
import type { PrismaNotificationQueries } from '../infrastructure/prisma-notification.queries';
import type { NotificationLoaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline. */
export interface NotificationsContext extends BaseContext {
  commands: CommandPipeline<NotificationScope>;
  queries: PrismaNotificationQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: NotificationLoaders;
}
