import { postAccessChanged, type PostSpec } from '@agora/audience/testing';
import { ContentRemovedV1, ContentRestoredV1, createEvent, type EventEnvelope } from '@agora/events';

/**
 * The events other contexts publish, built through their contracts (validated), so tests feed
 * reactions exactly what posts, comments and social would send over NATS. Posts' and social's
 * come from the audience kernel; comments' are reactions' own (shared with the use-case tests).
 */
export { postDeleted, postPublished, socialEvent, type PostSpec } from '@agora/audience/testing';
export { commentAdded, commentDeleted, type CommentSpec } from '../../src/application/testing/comment-events.mother';

export const postVisibilityChanged = (post: PostSpec & { version: number }): EventEnvelope<any> => postAccessChanged('visibility', post);

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
