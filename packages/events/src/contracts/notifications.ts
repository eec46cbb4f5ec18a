import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const notificationKindSchema = z.enum(['FOLLOWED', 'COMMENTED', 'REPLIED', 'REACTED', 'MENTIONED']);

export const notificationCreatedV1Schema = z.object({
  notificationId: uuid(),
  /** Whose notification it is: the only person it is ever delivered to. */
  recipientId: uuid(),
  kind: notificationKindSchema,
  actorId: uuid(),
  postId: uuid().nullable(),
  commentId: uuid().nullable(),
  createdAt: z.iso.datetime(),
});

export const NotificationCreatedV1: EventContract<
  'notifications.notification.created.v1',
  z.infer<typeof notificationCreatedV1Schema>
> = defineEvent({
  type: 'notifications.notification.created.v1',
  stream: STREAMS.NOTIFICATIONS.name,
  description:
    "A notification was stored for recipientId (written to notifications' outbox in the same transaction). aggregateId = notificationId. Realtime pushes it to the recipient's notificationAdded subscriptions; it may have been dropped since (post or comment deleted), which the reader sees as the notification no longer resolving.",
  schema: notificationCreatedV1Schema,
});
