import { randomUUID } from 'node:crypto';
import { ContentRemovedV1, ContentRestoredV1, createEvent, type EventEnvelope } from '@agora/events';

export const A_MODERATOR = '01900000-0000-7000-8000-0000000000d0';

interface Subject {
  postId: string;
  authorId: string;
  /** Defaults to POST (the post itself); COMMENT names `commentId` as the subject. */
  commentId?: string;
}

const subjectOf = ({ postId, authorId, commentId }: Subject) => ({
  subjectType: commentId ? ('COMMENT' as const) : ('POST' as const),
  subjectId: commentId ?? postId,
  postId,
  authorId,
  moderatorId: A_MODERATOR,
  reportId: null,
});

/** moderation.content.removed.v1 as moderation's relay publishes it (a new event id each call). */
export function contentRemoved(subject: Subject, removedAt = new Date()): EventEnvelope {
  return createEvent(ContentRemovedV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 1,
    actorId: A_MODERATOR,
    payload: { ...subjectOf(subject), reason: 'spam', removedAt: removedAt.toISOString() },
  });
}

/** moderation.content.restored.v1 as moderation's relay publishes it. */
export function contentRestored(subject: Subject, restoredAt = new Date()): EventEnvelope {
  return createEvent(ContentRestoredV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 2,
    actorId: A_MODERATOR,
    payload: { ...subjectOf(subject), reason: null, restoredAt: restoredAt.toISOString() },
  });
}

export const aCommentId = (): string => randomUUID();
