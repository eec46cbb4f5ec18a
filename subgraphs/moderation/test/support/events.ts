import { AccountRoleChangedV1, CommentAddedV1, CommentDeletedV1, createEvent, type EventEnvelope } from '@agora/events';
import { socialEvent } from '@agora/audience/testing';

/*
 * The events posts, social, comments and identity would publish, validated by their contracts,
 * for tests to feed moderation over NATS: the audience kernel's builders, plus moderation's own.
 */
export { postDeleted, postPublished, socialEvent, type PostSpec as TestPost } from '@agora/audience/testing';

export const block = (blockerId: string, blockedId: string, version = 1, active = true) =>
  socialEvent({ kind: 'block', blockerId, blockedId, version, active });
export const follow = (followerId: string, followeeId: string, version = 1, active = true) =>
  socialEvent({ kind: 'follow', followerId, followeeId, version, active });

export interface TestComment {
  commentId: string;
  postId: string;
  postAuthorId: string;
  authorId: string;
  parentId?: string | null;
}

export function commentAdded(comment: TestComment): EventEnvelope<any> {
  return createEvent(CommentAddedV1, {
    aggregateId: comment.commentId,
    aggregateVersion: 1,
    actorId: comment.authorId,
    payload: {
      commentId: comment.commentId,
      postId: comment.postId,
      postAuthorId: comment.postAuthorId,
      parentId: comment.parentId ?? null,
      parentAuthorId: null,
      authorId: comment.authorId,
      body: 'A comment',
      createdAt: new Date().toISOString(),
    },
  });
}

export function commentDeleted(comment: TestComment, removedCommentIds: string[] = [comment.commentId]): EventEnvelope<any> {
  return createEvent(CommentDeletedV1, {
    aggregateId: comment.commentId,
    aggregateVersion: 2,
    actorId: comment.authorId,
    payload: {
      commentId: comment.commentId,
      postId: comment.postId,
      authorId: comment.authorId,
      parentId: comment.parentId ?? null,
      removedCommentIds,
      deletedBy: comment.authorId,
      deletedAt: new Date().toISOString(),
    },
  });
}

export function roleChanged(
  accountId: string,
  role: 'MEMBER' | 'MODERATOR' | 'ADMIN',
  changedAt = new Date(),
  previousRole: 'MEMBER' | 'MODERATOR' | 'ADMIN' = 'MEMBER',
): EventEnvelope<any> {
  return createEvent(AccountRoleChangedV1, {
    aggregateId: accountId,
    aggregateVersion: 1,
    payload: { accountId, role, previousRole, changedBy: null, changedAt: changedAt.toISOString() },
  });
}
