import { createEvent, NotificationCreatedV1, type EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { CreatedNotification } from '../domain/notification';

/**
 * A stored notification → `notifications.notification.created.v1`. The aggregate is the
 * notification (version 1: it is created once, then only marked seen or dropped, which nobody is
 * told of). `createdAt` is the notification's own time (the causing event's), `occurredAt` the
 * moment it was stored. `createEvent` validates the payload, so a bad one fails the transaction
 * instead of reaching realtime.
 */
export function toEnvelope(notification: CreatedNotification, metadata: EventMetadata): EventEnvelope {
  return createEvent(NotificationCreatedV1, {
    aggregateId: notification.id,
    aggregateVersion: 1,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
    payload: {
      notificationId: notification.id,
      recipientId: notification.recipientId,
      kind: notification.kind,
      actorId: notification.actorId,
      postId: notification.postId,
      commentId: notification.commentId,
      createdAt: notification.at.toISOString(),
    },
  });
}
