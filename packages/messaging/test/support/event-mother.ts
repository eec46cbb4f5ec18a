import { AccountRegisteredV1, createEvent, newEventId, PostPublishedV1, type EventEnvelope } from '@agora/events';

/** Test data builders ("mothers") for valid events. */
export function aPostPublished(overrides: { body?: string; authorId?: string } = {}): EventEnvelope {
  const postId = newEventId();
  const authorId = overrides.authorId ?? newEventId();
  return createEvent(PostPublishedV1, {
    aggregateId: postId,
    aggregateVersion: 1,
    actorId: authorId,
    payload: {
      postId,
      authorId,
      body: overrides.body ?? `post ${postId}`,
      visibility: 'PUBLIC',
      circleIds: [],
      publishedAt: new Date().toISOString(),
    },
  });
}

export function anAccountRegistered(username = `user_${Math.random().toString(36).slice(2, 10)}`): EventEnvelope {
  const accountId = newEventId();
  return createEvent(AccountRegisteredV1, {
    aggregateId: accountId,
    aggregateVersion: 1,
    payload: { accountId, username, registeredAt: new Date().toISOString() },
  });
}
