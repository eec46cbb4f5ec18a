import { socialEvent } from '@agora/audience/testing';
import { ContentRemovedV1, ContentRestoredV1, createEvent } from '@agora/events';

/*
 * The events posts and social would publish, validated by their contracts, for tests to feed
 * comments over NATS: the audience kernel's builders, plus comments' shorthands.
 */
export { postAccessChanged, postDeleted, postPublished, socialEvent, type PostSpec as TestPost } from '@agora/audience/testing';

export const block = (blockerId: string, blockedId: string, version = 1, active = true) =>
  socialEvent({ kind: 'block', blockerId, blockedId, version, active });
export const follow = (followerId: string, followeeId: string, version = 1, active = true) =>
  socialEvent({ kind: 'follow', followerId, followeeId, version, active });

export const A_MODERATOR = '01900000-0000-7000-8000-0000000000d0';

/** What a moderation decision is about: the post itself, or (with `commentId`) one of its comments. */
export interface ModeratedSubject {
  postId: string;
  authorId: string;
  commentId?: string;
}

const subjectOf = ({ postId, authorId, commentId }: ModeratedSubject) => ({
  subjectType: commentId ? ('COMMENT' as const) : ('POST' as const),
  subjectId: commentId ?? postId,
  postId,
  authorId,
  moderatorId: A_MODERATOR,
  reportId: null,
});

/** moderation.content.removed.v1 as moderation's relay publishes it (a new event id each call). */
export const contentRemoved = (subject: ModeratedSubject, removedAt: Date) =>
  createEvent(ContentRemovedV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 1,
    actorId: A_MODERATOR,
    payload: { ...subjectOf(subject), reason: 'spam', removedAt: removedAt.toISOString() },
  });

/** moderation.content.restored.v1 as moderation's relay publishes it. */
export const contentRestored = (subject: ModeratedSubject, restoredAt: Date) =>
  createEvent(ContentRestoredV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 2,
    actorId: A_MODERATOR,
    payload: { ...subjectOf(subject), reason: null, restoredAt: restoredAt.toISOString() },
  });
