import {
  AccountRegisteredV1,
  CommentAddedV1,
  CommentDeletedV1,
  FollowCreatedV1,
  PostDeletedV1,
  PostPublishedV1,
  ReactionSetV1,
  createEvent,
  newEventId,
  type EventEnvelope,
  type PayloadOf,
} from '@agora/events';

/**
 * The events other contexts publish, built through their contracts (so they are valid), for unit
 * tests (handed to the handlers) and integration tests (published to NATS). Times default to a
 * fixed instant; ids are fresh UUIDv7s.
 */
export interface Person {
  userId: string;
  username: string;
}

let people = 0;
/** A fresh person: UUIDv7 id, unique lower-case username. */
export function aPerson(name = 'user'): Person {
  people += 1;
  return { userId: newEventId(), username: `${name}_${process.pid}_${people}`.toLowerCase().slice(0, 30) };
}

const T0 = new Date('2026-03-01T12:00:00.000Z');
const iso = (at: Date | undefined, fallback: Date = T0) => (at ?? fallback).toISOString();

export function accountRegistered(person: Person, at?: Date): EventEnvelope<PayloadOf<typeof AccountRegisteredV1>> {
  return createEvent(AccountRegisteredV1, {
    aggregateId: person.userId,
    aggregateVersion: 1,
    actorId: person.userId,
    // Registered well before anything in the tests happens, unless told otherwise.
    payload: { accountId: person.userId, username: person.username, registeredAt: iso(at, new Date('2026-01-01T00:00:00.000Z')) },
  });
}

export function followCreated(follower: Person, followee: Person, options: { version?: number; at?: Date } = {}) {
  const version = options.version ?? 1;
  return createEvent(FollowCreatedV1, {
    aggregateId: follower.userId,
    aggregateVersion: version,
    actorId: follower.userId,
    payload: { followerId: follower.userId, followeeId: followee.userId, version, at: iso(options.at) },
  });
}

export interface PostFixture {
  postId: string;
  author: Person;
}

export function postPublished(
  author: Person,
  body: string,
  options: { postId?: string; visibility?: 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE'; circleIds?: string[]; at?: Date } = {},
) {
  const postId = options.postId ?? newEventId();
  return createEvent(PostPublishedV1, {
    aggregateId: postId,
    aggregateVersion: 1,
    actorId: author.userId,
    payload: {
      postId,
      authorId: author.userId,
      body,
      visibility: options.visibility ?? 'PUBLIC',
      circleIds: options.circleIds ?? [],
      commentsDisabled: false,
      publishedAt: iso(options.at),
    },
  });
}

export function postDeleted(post: PostFixture) {
  return createEvent(PostDeletedV1, {
    aggregateId: post.postId,
    aggregateVersion: 2,
    actorId: post.author.userId,
    payload: { postId: post.postId, authorId: post.author.userId, deletedAt: iso(undefined) },
  });
}

export interface CommentFixture {
  commentId: string;
  author: Person;
}

export function commentAdded(
  post: PostFixture,
  author: Person,
  body: string,
  options: { commentId?: string; parent?: CommentFixture; at?: Date } = {},
) {
  const commentId = options.commentId ?? newEventId();
  return createEvent(CommentAddedV1, {
    aggregateId: commentId,
    aggregateVersion: 1,
    actorId: author.userId,
    payload: {
      commentId,
      postId: post.postId,
      postAuthorId: post.author.userId,
      parentId: options.parent?.commentId ?? null,
      parentAuthorId: options.parent?.author.userId ?? null,
      authorId: author.userId,
      body,
      createdAt: iso(options.at),
    },
  });
}

export function commentDeleted(post: PostFixture, comment: CommentFixture, removedCommentIds: string[] = [comment.commentId]) {
  return createEvent(CommentDeletedV1, {
    aggregateId: comment.commentId,
    aggregateVersion: 2,
    actorId: comment.author.userId,
    payload: {
      commentId: comment.commentId,
      postId: post.postId,
      authorId: comment.author.userId,
      parentId: null,
      removedCommentIds,
      deletedBy: comment.author.userId,
      deletedAt: iso(undefined),
    },
  });
}

export function reactionSet(
  reactor: Person,
  subject: { post: PostFixture } | { post: PostFixture; comment: CommentFixture },
  options: { previousKind?: 'LIKE' | 'LOVE' | null; version?: number; at?: Date } = {},
) {
  const onComment = 'comment' in subject;
  const subjectId = onComment ? subject.comment.commentId : subject.post.postId;
  const version = options.version ?? 1;
  return createEvent(ReactionSetV1, {
    aggregateId: subjectId,
    aggregateVersion: version,
    actorId: reactor.userId,
    payload: {
      subjectId,
      subjectType: onComment ? 'COMMENT' : 'POST',
      subjectAuthorId: onComment ? subject.comment.author.userId : subject.post.author.userId,
      postId: subject.post.postId,
      userId: reactor.userId,
      version,
      kind: 'LOVE',
      previousKind: options.previousKind ?? null,
      at: iso(options.at),
    },
  });
}

/** The post a `postPublished` event published. */
export function postOf(event: ReturnType<typeof postPublished>, author: Person): PostFixture {
  return { postId: event.payload.postId, author };
}

/** The comment a `commentAdded` event added. */
export function commentOf(event: ReturnType<typeof commentAdded>, author: Person): CommentFixture {
  return { commentId: event.payload.commentId, author };
}
