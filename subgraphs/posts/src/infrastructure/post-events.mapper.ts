import {
  PostCommentsToggledV1,
  PostDeletedV1,
  PostEditedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  createEvent,
  type EventEnvelope,
} from '@agora/events';
import type { PostEvent } from '../domain/post/post.events';
import type { CommandMeta } from '../application/ports';

/** Domain event → its published contract (validated by createEvent), wrapped in an envelope. */
export function toEnvelope(event: PostEvent, meta: CommandMeta): EventEnvelope {
  const common = {
    aggregateId: event.postId,
    aggregateVersion: event.version,
    occurredAt: event.at,
    actorId: meta.actorId,
    correlationId: meta.correlationId,
    causationId: null,
  };
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
  }
}
