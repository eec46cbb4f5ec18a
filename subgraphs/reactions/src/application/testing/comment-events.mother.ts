import { CommentAddedV1, CommentDeletedV1, createEvent, type EventEnvelope } from '@agora/events';

/**
 * Comments' events, built through their contracts (validated), as comments would publish them:
 * for the consumers' use-case tests and for the integration tests that feed them over NATS.
 */
export interface CommentSpec {
  commentId: string;
  postId: string;
  postAuthorId: string;
  authorId: string;
  parentId?: string | null;
  parentAuthorId?: string | null;
}

const now = () => new Date().toISOString();

export function commentAdded(comment: CommentSpec): EventEnvelope<any> {
  return createEvent(CommentAddedV1, {
    aggregateId: comment.commentId,
    aggregateVersion: 1,
    actorId: comment.authorId,
    payload: {
      commentId: comment.commentId,
      postId: comment.postId,
      postAuthorId: comment.postAuthorId,
      parentId: comment.parentId ?? null,
      parentAuthorId: comment.parentAuthorId ?? null,
      authorId: comment.authorId,
      body: 'A comment',
      createdAt: now(),
    },
  });
}

export function commentDeleted(comment: CommentSpec, removedReplyIds: string[] = [], deletedBy = comment.authorId): EventEnvelope<any> {
  return createEvent(CommentDeletedV1, {
    aggregateId: comment.commentId,
    aggregateVersion: 2,
    actorId: deletedBy,
    payload: {
      commentId: comment.commentId,
      postId: comment.postId,
      authorId: comment.authorId,
      parentId: comment.parentId ?? null,
      removedCommentIds: [comment.commentId, ...removedReplyIds],
      deletedBy,
      deletedAt: now(),
    },
  });
}
