import { postAccessChanged, type PostSpec } from '@agora/audience/testing';
import { CommentAddedV1, CommentDeletedV1, createEvent, type EventEnvelope } from '@agora/events';

/**
 * The events other contexts publish, built through their contracts (validated), so tests feed
 * reactions exactly what posts, comments and social would send over NATS. Posts' and social's
 * come from the audience kernel; comments' are reactions' own.
 */
export { postDeleted, postPublished, socialEvent, type PostSpec } from '@agora/audience/testing';

const now = () => new Date().toISOString();

export const postVisibilityChanged = (post: PostSpec & { version: number }): EventEnvelope<any> => postAccessChanged('visibility', post);

export interface CommentSpec {
  commentId: string;
  postId: string;
  postAuthorId: string;
  authorId: string;
  parentId?: string | null;
  parentAuthorId?: string | null;
}

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
