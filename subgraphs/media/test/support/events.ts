import { ContentRemovedV1, ContentRestoredV1, createEvent, PostPublishedV1, type EventEnvelope } from '@agora/events';
import { socialEvent } from '@agora/audience/testing';

/*
 * The events posts and social would publish, validated by their contracts, for tests to feed
 * media over NATS: the audience kernel's builders, plus media's shorthands.
 */
export { postDeleted, socialEvent } from '@agora/audience/testing';

export const block = (blockerId: string, blockedId: string, version = 1, active = true) =>
  socialEvent({ kind: 'block', blockerId, blockedId, version, active });
export const follow = (followerId: string, followeeId: string, version = 1, active = true) =>
  socialEvent({ kind: 'follow', followerId, followeeId, version, active });

/** posts.post.published.v1 with attachments, in the author's order. */
export function postPublishedWith(post: {
  postId: string;
  authorId: string;
  attachmentIds: string[];
  visibility?: 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE';
}): EventEnvelope<any> {
  return createEvent(PostPublishedV1, {
    aggregateId: post.postId,
    aggregateVersion: 1,
    actorId: post.authorId,
    payload: {
      postId: post.postId,
      authorId: post.authorId,
      body: 'A post',
      visibility: post.visibility ?? 'PUBLIC',
      circleIds: [],
      commentsDisabled: false,
      attachmentIds: post.attachmentIds,
      publishedAt: new Date().toISOString(),
    },
  });
}

const A_MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const postSubject = (postId: string, authorId: string) => ({
  subjectType: 'POST' as const,
  subjectId: postId,
  postId,
  authorId,
  moderatorId: A_MODERATOR,
  reportId: null,
  reason: null,
});

/** moderation.content.removed.v1 about a post, decided at `at` (a new event id each call). */
export const contentRemoved = (postId: string, authorId: string, at = new Date()): EventEnvelope<any> =>
  createEvent(ContentRemovedV1, {
    aggregateId: postId,
    aggregateVersion: 1,
    payload: { ...postSubject(postId, authorId), removedAt: at.toISOString() },
  });

/** moderation.content.restored.v1 about a post, decided at `at`. */
export const contentRestored = (postId: string, authorId: string, at = new Date()): EventEnvelope<any> =>
  createEvent(ContentRestoredV1, {
    aggregateId: postId,
    aggregateVersion: 2,
    payload: { ...postSubject(postId, authorId), restoredAt: at.toISOString() },
  });
