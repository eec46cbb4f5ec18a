import DataLoader from 'dataloader';
import { z } from 'zod';
import type { NotificationView, PrismaNotificationQueries } from '../infrastructure/prisma-notification.queries';

export interface NotificationLoaders {
  /** The viewer's notification by id; null for a missing one, someone else's, one hidden by a block, or no viewer. */
  notificationById: DataLoader<string, NotificationView | null>;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaNotificationQueries, viewerId: string | null): NotificationLoaders {
  const viewer = viewerId && isUuid(viewerId) ? viewerId.toLowerCase() : null;
  return {
    notificationById: new DataLoader<string, NotificationView | null>(
      async (keys) => {
        // Ids that are not UUIDs cannot exist and would make Postgres reject the whole batch.
        const ids = [...new Set(keys.filter(isUuid).map((id) => id.toLowerCase()))];
        const found = viewer && ids.length > 0 ? await queries.byIds(viewer, ids) : [];
        const byId = new Map(found.map((notification) => [notification.id, notification]));
        return keys.map((key) => byId.get(key.toLowerCase()) ?? null);
      },
      { maxBatchSize: 1000 },
    ),
  };
}
