import type { SocialChange } from '@agora/audience';
import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  createEvent,
  FollowCreatedV1,
  FollowRemovedV1,
  PostCommentsToggledV1,
  PostDeletedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  type EventEnvelope,
} from '@agora/events';

/** The events posts and social would publish, validated by their contracts, for tests to feed comments over NATS. */
export type Visibility = 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE';

export interface TestPost {
  postId: string;
  authorId: string;
  visibility?: Visibility;
  circleIds?: string[];
  commentsDisabled?: boolean;
}

export function postPublished(post: TestPost): EventEnvelope<any> {
  return createEvent(PostPublishedV1, {
    aggregateId: post.postId,
    aggregateVersion: 1,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      body: 'a post',
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: post.circleIds ?? [],
      commentsDisabled: post.commentsDisabled ?? false,
      publishedAt: new Date().toISOString(),
    },
  });
}

/** posts.post.visibility-changed.v1 or posts.post.comments-toggled.v1: the whole access state at `version`. */
export function postAccessChanged(kind: 'visibility' | 'comments', post: TestPost & { version: number }): EventEnvelope<any> {
  return createEvent(kind === 'visibility' ? PostVisibilityChangedV1 : PostCommentsToggledV1, {
    aggregateId: post.postId,
    aggregateVersion: post.version,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: post.circleIds ?? [],
      commentsDisabled: post.commentsDisabled ?? false,
      version: post.version,
      changedAt: new Date().toISOString(),
    },
  });
}

export function postDeleted(post: TestPost, version = 2): EventEnvelope<any> {
  return createEvent(PostDeletedV1, {
    aggregateId: post.postId,
    aggregateVersion: version,
    actorId: post.authorId,
    payload: { postId: post.postId, authorId: post.authorId, deletedAt: new Date().toISOString() },
  });
}

export function socialEvent(change: SocialChange): EventEnvelope<any> {
  const at = new Date().toISOString();
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

export const block = (blockerId: string, blockedId: string, version = 1, active = true) =>
  socialEvent({ kind: 'block', blockerId, blockedId, version, active });
export const follow = (followerId: string, followeeId: string, version = 1, active = true) =>
  socialEvent({ kind: 'follow', followerId, followeeId, version, active });
