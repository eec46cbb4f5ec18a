import type { EventMetadata } from '@agora/kernel';
import type { CreatedNotification, NotificationDraft } from '../domain/notification';
import { mailNotifications, type MailAbout } from './notification-mail';
import type { NotificationScope } from './ports';

export type { MailAbout } from './notification-mail';

/** What storing needs of the consumed event's call: its metadata (for the announcements) and the handling instant (for the mail rows). */
export interface StoreCall {
  metadata: EventMetadata;
  now: Date;
}

/**
 * The one way a use case creates notifications: stores the drafts (duplicates, blocked ones and
 * one's own are not stored), announces exactly the ones that were stored, and queues a mail for
 * each stored one whose recipient wants it (notification-mail.ts) — all in the same transaction,
 * with the consumed event's metadata. Realtime pushes the announcements to the recipients;
 * announcing (or mailing) a duplicate would push one notification twice. A draft that was not
 * stored (a block, a redelivery) is neither announced nor mailed.
 */
export async function storeNotifications(
  scope: NotificationScope,
  drafts: readonly NotificationDraft[],
  call: StoreCall,
  about: MailAbout = {},
): Promise<CreatedNotification[]> {
  if (drafts.length === 0) return [];
  const created = await scope.notifications.add(drafts);
  await scope.outbox.append(created, call.metadata);
  await mailNotifications(scope, created, call.now, about);
  return created;
}
