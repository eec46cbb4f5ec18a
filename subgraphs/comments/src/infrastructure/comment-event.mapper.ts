import { CommentAddedV1, CommentDeletedV1, createEvent, type EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { CommentEvent } from '../domain/comment/comment';

/**
 * Domain events → the published language (`comments.comment.*.v1` envelopes). The aggregate is
 * the comment (version 1 when added, 2 when deleted: a comment is never edited). `createEvent`
 * validates each payload, so a bad event fails the transaction instead of reaching other contexts.
 */
export function toEnvelope(event: CommentEvent, metadata: EventMetadata): EventEnvelope {
  const { comment } = event;
  const common = {
    aggregateId: comment.id,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
  };
  switch (event.type) {
    case 'CommentAdded':
      return createEvent(CommentAddedV1, {
        ...common,
        aggregateVersion: 1,
        occurredAt: comment.createdAt,
        payload: {
          commentId: comment.id,
          postId: comment.postId,
          postAuthorId: event.postAuthorId,
          parentId: comment.parentId,
          parentAuthorId: event.parentAuthorId,
          authorId: comment.authorId,
          body: comment.body,
          createdAt: comment.createdAt.toISOString(),
        },
      });
    case 'CommentDeleted':
      return createEvent(CommentDeletedV1, {
        ...common,
        aggregateVersion: 2,
        occurredAt: event.deletedAt,
        payload: {
          commentId: comment.id,
          postId: comment.postId,
          authorId: comment.authorId,
          parentId: comment.parentId,
          removedCommentIds: event.removedCommentIds,
          deletedBy: event.deletedBy,
          deletedAt: event.deletedAt.toISOString(),
        },
      });
  }
}
