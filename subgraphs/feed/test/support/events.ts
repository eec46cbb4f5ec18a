import { postEvent as postEventOf, socialEvent as socialEventOf } from '@agora/audience/testing';
import { ContentRemovedV1, ContentRestoredV1, createEvent, newEventId, type EventEnvelope } from '@agora/events';
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
export const socialEvent = (change: SocialChange): EventEnvelope<any> =>
  socialEventOf(change, { at: change.kind === 'follow' && change.at ? change.at : T0 });

/** The posts event for a change (published, visibility changed, or deleted), stamped T0. */
export const postEvent = (change: PostAccessChange): EventEnvelope<any> => postEventOf(change, T0);

// ── change builders ──────────────────────────────────────────────────────────────────────────
export const follow = (follower: Viewer, followee: Viewer, version: number, active: boolean, atDay: number): SocialChange => ({
  kind: 'follow',
  followerId: follower.userId,
  followeeId: followee.userId,
  version,
  active,
  at: day(atDay),
});
export const block = (blocker: Viewer, blocked: Viewer, version: number, active: boolean): SocialChange => ({
  kind: 'block',
  blockerId: blocker.userId,
  blockedId: blocked.userId,
  version,
  active,
});
export const membership = (circleId: string, owner: Viewer, member: Viewer, version: number, active: boolean): SocialChange => ({
  kind: 'membership',
  circleId,
  ownerId: owner.userId,
  memberId: member.userId,
  version,
  active,
});
export const published = (
  postId: string,
  author: Viewer,
  atDay: number,
  visibility: Visibility = 'PUBLIC',
  circleIds: string[] = [],
): PostAccessChange => ({
  kind: 'access',
  postId,
  authorId: author.userId,
  visibility,
  circleIds,
  commentsDisabled: false,
  version: 1,
  publishedAt: day(atDay),
});
export const audienceChanged = (
  postId: string,
  author: Viewer,
  version: number,
  visibility: Visibility,
  circleIds: string[] = [],
): PostAccessChange => ({
  kind: 'access',
  postId,
  authorId: author.userId,
  visibility,
  circleIds,
  commentsDisabled: false,
  version,
});
export const deleted = (postId: string, author: Viewer): PostAccessChange => ({ kind: 'deleted', postId, authorId: author.userId });

export type Change = { social: SocialChange } | { post: PostAccessChange };
export const envelopeOf = (change: Change): EventEnvelope<any> =>
  'social' in change ? socialEvent(change.social) : postEvent(change.post);

// ── moderation ─────────────────────────────────────────────────────────────────────────────────
const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const subjectOf = (postId: string, author: Viewer, commentId?: string) => ({
  subjectType: commentId ? ('COMMENT' as const) : ('POST' as const),
  subjectId: commentId ?? postId,
  postId,
  authorId: author.userId,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});

/** moderation.content.removed.v1 as moderation's relay publishes it, decided at `day(atDay)`; a comment's when `commentId` is given. */
export const contentRemoved = (postId: string, author: Viewer, atDay: number, commentId?: string): EventEnvelope<any> =>
  createEvent(ContentRemovedV1, {
    aggregateId: commentId ?? postId,
    aggregateVersion: 1,
    payload: { ...subjectOf(postId, author, commentId), removedAt: day(atDay).toISOString() },
  });

/** moderation.content.restored.v1 as moderation's relay publishes it, decided at `day(atDay)`. */
export const contentRestored = (postId: string, author: Viewer, atDay: number): EventEnvelope<any> =>
  createEvent(ContentRestoredV1, {
    aggregateId: postId,
    aggregateVersion: 2,
    payload: { ...subjectOf(postId, author), restoredAt: day(atDay).toISOString() },
  });
