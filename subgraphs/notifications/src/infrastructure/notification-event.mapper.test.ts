import { newEventId, NotificationCreatedV1, parseEvent } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from './notification-event.mapper';

describe('notification → notifications.notification.created.v1', () => {
  it('is the contract’s envelope: aggregate = the notification, metadata of the causing event, createdAt = the notification’s time', () => {
    const notification = {
      id: newEventId(),
      recipientId: newEventId(),
      kind: 'COMMENTED' as const,
      actorId: newEventId(),
      postId: newEventId(),
      commentId: newEventId(),
      sourceEventId: newEventId(),
      at: new Date('2026-03-01T12:00:00.000Z'),
    };
    const metadata = { correlationId: newEventId(), causationId: notification.sourceEventId, actorId: notification.actorId };

    const envelope = parseEvent(NotificationCreatedV1, JSON.parse(JSON.stringify(toEnvelope(notification, metadata))));

    expect(envelope).toMatchObject({
      type: 'notifications.notification.created.v1',
      aggregateId: notification.id,
      aggregateVersion: 1,
      ...metadata,
    });
    expect(envelope.payload).toEqual({
      notificationId: notification.id,
      recipientId: notification.recipientId,
      kind: 'COMMENTED',
      actorId: notification.actorId,
      postId: notification.postId,
      commentId: notification.commentId,
      createdAt: '2026-03-01T12:00:00.000Z',
    });
  });

  it('refuses what breaks the contract (the transaction fails rather than publish it)', () => {
    const metadata = { correlationId: newEventId(), causationId: null, actorId: null };
    const broken = {
      id: 'not-a-uuid',
      recipientId: newEventId(),
      kind: 'FOLLOWED' as const,
      actorId: newEventId(),
      postId: null,
      commentId: null,
      sourceEventId: newEventId(),
      at: new Date(),
    };
    expect(() => toEnvelope(broken, metadata)).toThrow(/notificationId/);
  });
});
