import type { SocialChange, Visibility } from '@agora/audience';
import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  CommentAddedV1,
  CommentDeletedV1,
  createEvent,
  FollowCreatedV1,
  FollowRemovedV1,
  PostDeletedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  type EventEnvelope,
} from '@agora/events';

/**
 * The events other contexts publish, built through their contracts (validated), so tests feed
 * reactions exactly what posts, comments and social would send over NATS.
 */
const now = () => new Date().toISOString();

export interface PostSpec {
  postId: string;
  authorId: string;
  visibility?: Visibility;
  circleIds?: string[];
}

export function postPublished(post: PostSpec): EventEnvelope<any> {
  return createEvent(PostPublishedV1, {
    aggregateId: post.postId,
    aggregateVersion: 1,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      body: 'A post',
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: post.circleIds ?? [],
      commentsDisabled: false,
      publishedAt: now(),
    },
  });
}

export function postVisibilityChanged(post: PostSpec & { version: number }): EventEnvelope<any> {
  return createEvent(PostVisibilityChangedV1, {
    aggregateId: post.postId,
    aggregateVersion: post.version,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: post.circleIds ?? [],
      commentsDisabled: false,
      version: post.version,
      changedAt: now(),
    },
  });
}

export function postDeleted(post: PostSpec): EventEnvelope<any> {
  return createEvent(PostDeletedV1, {
    aggregateId: post.postId,
    aggregateVersion: 2,
    actorId: post.authorId,
    payload: { postId: post.postId, authorId: post.authorId, deletedAt: now() },
  });
}

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

/** The social event social would publish for a change. */
export function socialEvent(change: SocialChange): EventEnvelope<any> {
  const at = now();
  switch (change.kind) {
    case 'follow':
      return createEvent(change.active ? FollowCreatedV1 : FollowRemovedV1, {
        aggregateId: change.followerId,
        aggregateVersion: change.version,
        payload: { followerId: change.followerId, followeeId: change.followeeId, version: change.version, at },
      });
    case 'block':
      return createEvent(change.active ? BlockCreatedV1 : BlockRemovedV1, {
        aggregateId: change.blockerId,
        aggregateVersion: change.version,
        payload: { blockerId: change.blockerId, blockedId: change.blockedId, version: change.version, at },
      });
    case 'membership':
      return createEvent(change.active ? CircleMemberAddedV1 : CircleMemberRemovedV1, {
        aggregateId: change.circleId,
        aggregateVersion: change.version,
        payload: { circleId: change.circleId, ownerId: change.ownerId, memberId: change.memberId, version: change.version, at },
      });
    case 'circle-deleted':
      return createEvent(CircleDeletedV1, {
        aggregateId: change.circleId,
        aggregateVersion: 2,
        payload: { circleId: change.circleId, ownerId: change.ownerId, version: 2, at },
      });
  }
}
