import {
  PostCommentsToggledV1,
  PostDeletedV1,
  PostEditedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  createEvent,
  type EventEnvelope,
} from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { PostEvent } from '../domain/post/post.events';
import type { RecordedPostEvent } from '../application/ports';

/**
 * Recorded domain event → its published contract (validated by createEvent), wrapped in an
 * envelope under the event's own id (= the stream's event id = JetStream Nats-Msg-Id).
 */
export function toEnvelope({ eventId, event }: RecordedPostEvent, metadata: EventMetadata): EventEnvelope {
  const common = {
    id: eventId,
    aggregateId: event.postId,
    aggregateVersion: event.version,
    occurredAt: event.at,
    actorId: metadata.actorId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
  return contractOf(event, common);
}

function contractOf(event: PostEvent, common: Omit<Parameters<typeof createEvent>[1], 'payload'>): EventEnvelope {
  switch (event.type) {
    case 'PostPublished':
      return createEvent(PostPublishedV1, {
        ...common,
        payload: {
          postId: event.postId,
          authorId: event.authorId,
          body: event.body,
          visibility: event.visibility,
          circleIds: event.circleIds,
          commentsDisabled: event.commentsDisabled,
          attachmentIds: event.attachmentIds,
          publishedAt: event.at.toISOString(),
        },
      });
    case 'PostEdited':
      return createEvent(PostEditedV1, {
        ...common,
        payload: {
          postId: event.postId,
          authorId: event.authorId,
          body: event.body,
          version: event.version,
          editedAt: event.at.toISOString(),
        },
      });
    case 'PostVisibilityChanged':
    case 'PostCommentsToggled':
      return createEvent(event.type === 'PostVisibilityChanged' ? PostVisibilityChangedV1 : PostCommentsToggledV1, {
        ...common,
        // The whole access state at this version (contract: last writer wins per post).
        payload: {
          postId: event.postId,
          authorId: event.authorId,
          visibility: event.visibility,
          circleIds: event.circleIds,
          commentsDisabled: event.commentsDisabled,
          version: event.version,
          changedAt: event.at.toISOString(),
        },
      });
    case 'PostDeleted':
      return createEvent(PostDeletedV1, {
        ...common,
        payload: { postId: event.postId, authorId: event.authorId, deletedAt: event.at.toISOString() },
      });
    case 'PostRemovedByModeration':
    case 'PostRestoredByModeration':
      // Internal: moderation's own event is the public fact, and posts publishes nothing about it.
      throw new Error(`post ${event.postId}@${event.version}: ${event.type} is never published`);
  }
}
