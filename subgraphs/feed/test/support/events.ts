import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  FollowCreatedV1,
  FollowRemovedV1,
  PostDeletedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  createEvent,
  newEventId,
  type EventEnvelope,
} from '@agora/events';
import type { PostAccessChange, SocialChange, Visibility } from '@agora/audience';
import type { Viewer } from '@agora/service-kit';

/*
 * The events social and posts publish, built from the kernel's change types, so a test can feed
 * the same changes to the feed over NATS and to the in-memory oracle (`TimelineFacts`).
 */

let usernames = 0;
/** A fresh user: UUIDv7 id, unique username. */
export function aUser(name = 'user'): Viewer {
  usernames += 1;
  return { userId: newEventId(), username: `${name}_${process.pid}_${usernames}` };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const T0 = new Date('2026-03-01T12:00:00.000Z');
/** An instant `days` (may be fractional or negative) after T0. */
export const day = (days: number): Date => new Date(T0.getTime() + days * DAY_MS);

/** The social event for a change, as social's relay would publish it (`at` = the change's, or T0). */
export function socialEvent(change: SocialChange): EventEnvelope<any> {
  const at = (change.kind === 'follow' && change.at ? change.at : T0).toISOString();
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

/** The posts event for a change: published (version 1, with publishedAt), visibility changed, or deleted. */
export function postEvent(change: PostAccessChange): EventEnvelope<any> {
  if (change.kind === 'deleted') {
    return createEvent(PostDeletedV1, {
      aggregateId: change.postId,
      aggregateVersion: 99,
      payload: { postId: change.postId, authorId: change.authorId, deletedAt: T0.toISOString() },
    });
  }
  if (change.publishedAt) {
    return createEvent(PostPublishedV1, {
      aggregateId: change.postId,
      aggregateVersion: 1,
      payload: {
        postId: change.postId,
        authorId: change.authorId,
        body: 'hello',
        visibility: change.visibility,
        circleIds: [...change.circleIds],
        commentsDisabled: change.commentsDisabled,
        publishedAt: change.publishedAt.toISOString(),
      },
    });
  }
  return createEvent(PostVisibilityChangedV1, {
    aggregateId: change.postId,
    aggregateVersion: change.version,
    payload: {
      postId: change.postId,
      authorId: change.authorId,
      visibility: change.visibility,
      circleIds: [...change.circleIds],
      commentsDisabled: change.commentsDisabled,
      version: change.version,
      changedAt: T0.toISOString(),
    },
  });
}

// ── change builders ──────────────────────────────────────────────────────────────────────────
export const follow = (follower: Viewer, followee: Viewer, version: number, active: boolean, atDay: number): SocialChange => ({
  kind: 'follow', followerId: follower.userId, followeeId: followee.userId, version, active, at: day(atDay),
});
export const block = (blocker: Viewer, blocked: Viewer, version: number, active: boolean): SocialChange => ({
  kind: 'block', blockerId: blocker.userId, blockedId: blocked.userId, version, active,
});
export const membership = (circleId: string, owner: Viewer, member: Viewer, version: number, active: boolean): SocialChange => ({
  kind: 'membership', circleId, ownerId: owner.userId, memberId: member.userId, version, active,
});
export const published = (postId: string, author: Viewer, atDay: number, visibility: Visibility = 'PUBLIC', circleIds: string[] = []): PostAccessChange => ({
  kind: 'access', postId, authorId: author.userId, visibility, circleIds, commentsDisabled: false, version: 1, publishedAt: day(atDay),
});
export const audienceChanged = (postId: string, author: Viewer, version: number, visibility: Visibility, circleIds: string[] = []): PostAccessChange => ({
  kind: 'access', postId, authorId: author.userId, visibility, circleIds, commentsDisabled: false, version,
});
export const deleted = (postId: string, author: Viewer): PostAccessChange => ({ kind: 'deleted', postId, authorId: author.userId });

export type Change = { social: SocialChange } | { post: PostAccessChange };
export const envelopeOf = (change: Change): EventEnvelope<any> => ('social' in change ? socialEvent(change.social) : postEvent(change.post));
