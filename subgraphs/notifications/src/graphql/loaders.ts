import { RequestLoaders, uuidBatchLoader, viewerIdOf } from '@agora/service-kit';
import type DataLoader from 'dataloader';
import type { NotificationView, PrismaNotificationQueries } from '../infrastructure/prisma-notification.queries';

export interface NotificationLoaders {
  /** The viewer's notification by id; null for a missing one, someone else's, one hidden by a block, or no viewer. */
  notificationById: DataLoader<string, NotificationView | null>;
  /** Forgets everything loaded (after a command, so its result shows the change). */
  clearAll(): void;
}

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaNotificationQueries, viewerId: string | null): NotificationLoaders {
  const viewer = viewerIdOf(viewerId ? { userId: viewerId } : null);
  const loaders = new RequestLoaders();
  return {
    notificationById: loaders.track(
      uuidBatchLoader<NotificationView | null>(null, async (ids) => (viewer ? queries.byIds(viewer, ids) : new Map())),
    ),
    clearAll: () => loaders.clearAll(),
  };
}
