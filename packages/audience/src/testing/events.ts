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
import type { PostAccessChange } from '../domain/post-access';
import type { SocialChange } from '../domain/social-change';
import type { Visibility } from '../domain/visibility';

/*
 * The events social and posts publish, built through their contracts (so validated), for tests
 * of the contexts that keep the audience replica: a test feeds a context exactly what social and
 * posts would send over NATS, from the same change types the in-memory replicas take.
 */

/** The social event social's relay would publish for a change, stamped `options.at` (default: now). */
export function socialEvent(change: SocialChange, options: { at?: Date } = {}): EventEnvelope<any> {
  const stamp = (options.at ?? new Date()).toISOString();
  switch (change.kind) {
    case 'follow':
      return createEvent(change.active ? FollowCreatedV1 : FollowRemovedV1, {
        aggregateId: change.followerId,
        aggregateVersion: change.version,
        payload: { followerId: change.followerId, followeeId: change.followeeId, version: change.version, at: stamp },
      });
    case 'block':
      return createEvent(change.active ? BlockCreatedV1 : BlockRemovedV1, {
        aggregateId: change.blockerId,
        aggregateVersion: change.version,
        payload: { blockerId: change.blockerId, blockedId: change.blockedId, version: change.version, at: stamp },
      });
    case 'membership':
      return createEvent(change.active ? CircleMemberAddedV1 : CircleMemberRemovedV1, {
        aggregateId: change.circleId,
        aggregateVersion: change.version,
        payload: { circleId: change.circleId, ownerId: change.ownerId, memberId: change.memberId, version: change.version, at: stamp },
      });
    case 'circle-deleted':
      return createEvent(CircleDeletedV1, {
        aggregateId: change.circleId,
        aggregateVersion: 2,
        payload: { circleId: change.circleId, ownerId: change.ownerId, version: 2, at: stamp },
      });
  }
}

/** A post as a test describes it; unset access fields are posts' defaults (public, comments on). */
export interface PostSpec {
  postId: string;
  authorId: string;
  visibility?: Visibility;
  circleIds?: readonly string[];
  commentsDisabled?: boolean;
}

/** posts.post.published.v1 (version 1), published `publishedAt` (default: now). */
export function postPublished(post: PostSpec & { publishedAt?: Date }): EventEnvelope<any> {
  return createEvent(PostPublishedV1, {
    aggregateId: post.postId,
    aggregateVersion: 1,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      body: 'A post',
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: [...(post.circleIds ?? [])],
      commentsDisabled: post.commentsDisabled ?? false,
      publishedAt: (post.publishedAt ?? new Date()).toISOString(),
    },
  });
}

/** posts.post.visibility-changed.v1 or posts.post.comments-toggled.v1: the whole access state at `version`. */
export function postAccessChanged(
  kind: 'visibility' | 'comments',
  post: PostSpec & { version: number; changedAt?: Date },
): EventEnvelope<any> {
  return createEvent(kind === 'visibility' ? PostVisibilityChangedV1 : PostCommentsToggledV1, {
    aggregateId: post.postId,
    aggregateVersion: post.version,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: [...(post.circleIds ?? [])],
      commentsDisabled: post.commentsDisabled ?? false,
      version: post.version,
      changedAt: (post.changedAt ?? new Date()).toISOString(),
    },
  });
}

/** posts.post.deleted.v1 at aggregate `version` (default 2: right after the publication). */
export function postDeleted(post: Pick<PostSpec, 'postId' | 'authorId'> & { version?: number; deletedAt?: Date }): EventEnvelope<any> {
  return createEvent(PostDeletedV1, {
    aggregateId: post.postId,
    aggregateVersion: post.version ?? 2,
    actorId: post.authorId,
    payload: { postId: post.postId, authorId: post.authorId, deletedAt: (post.deletedAt ?? new Date()).toISOString() },
  });
}

/**
 * The posts event for a change: published (version 1, when it carries `publishedAt`), visibility
 * changed, or deleted (aggregate version 99: a deletion comes after any state), stamped `at`.
 */
export function postEvent(change: PostAccessChange, at: Date = new Date()): EventEnvelope<any> {
  if (change.kind === 'deleted') return postDeleted({ postId: change.postId, authorId: change.authorId, version: 99, deletedAt: at });
  if (change.publishedAt) return postPublished(change);
  return postAccessChanged('visibility', { ...change, changedAt: at });
}
