import type { EventMetadata } from '@agora/kernel';
import type { CreatedNotification, NotificationDraft } from '../domain/notification';
import type { NotificationScope } from './ports';

/**
 * The one way a use case creates notifications: stores the drafts (duplicates, blocked ones and
 * one's own are not stored) and announces exactly the ones that were stored, in the same
 * transaction, with the consumed event's metadata. Realtime pushes those announcements to the
 * recipients; announcing a duplicate would push one notification twice.
 */
export async function storeNotifications(
  scope: Pick<NotificationScope, 'notifications' | 'outbox'>,
  drafts: readonly NotificationDraft[],
  metadata: EventMetadata,
): Promise<CreatedNotification[]> {
  if (drafts.length === 0) return [];
  const created = await scope.notifications.add(drafts);
  await scope.outbox.append(created, metadata);
  return created;
}
