import { randomUUID } from 'node:crypto';
import {
  BlockCreatedV1,
  CircleMemberRemovedV1,
  CommentAddedV1,
  CommentDeletedV1,
  FeedItemAddedV1,
  FollowCreatedV1,
  FollowRemovedV1,
  NotificationCreatedV1,
  PostDeletedV1,
  PostEditedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  ReactionRemovedV1,
  ReactionSetV1,
  createEvent,
  type EventContract,
} from '@agora/events';
import { describe, expect, it } from 'vitest';
import { ROUTED_EVENT_TYPES, routeEvent } from '../application/route-event';
import { ACCESS_LOST, SUBSCRIPTION_ARGUMENTS, accessCheckOf, topicsOf, type Delivery } from './routing';

const at = '2026-12-01T10:00:00.000Z';
const id = () => randomUUID();
const [post, comment, viewer, other, notification] = [id(), id(), id(), id(), id()];

/** The event as it travels: the JSON a consumer decodes from NATS. */
function wire<P>(contract: EventContract<string, P>, payload: P): [string, unknown] {
  const envelope = createEvent(contract, { aggregateId: id(), aggregateVersion: 1, payload });
  return [envelope.type, JSON.parse(JSON.stringify(envelope))];
}
const route = <P>(contract: EventContract<string, P>, payload: P): Delivery[] => routeEvent(...wire(contract, payload));

const activity = (kind: string, commentId: string | null) => ({
  kind,
  post: { __typename: 'Post', id: post },
  comment: commentId === null ? null : { __typename: 'Comment', id: commentId },
});
const reaction = { subjectAuthorId: other, postId: post, userId: other, version: 1, at };

/** Every routed contract with one payload and the deliveries it must produce. */
const CASES: [EventContract<string, any>, unknown, Delivery[]][] = [
  [
    NotificationCreatedV1,
    {
      notificationId: notification,
      recipientId: viewer,
      kind: 'COMMENTED',
      actorId: other,
      postId: post,
      commentId: comment,
      createdAt: at,
    },
    [{ kind: 'deliver', field: 'notificationAdded', topic: `viewer:${viewer}`, value: { __typename: 'Notification', id: notification } }],
  ],
  [
    FeedItemAddedV1,
    { ownerId: viewer, postId: post, authorId: other, publishedAt: at, addedAt: at },
    [{ kind: 'deliver', field: 'feedItemAdded', topic: `viewer:${viewer}`, value: { __typename: 'Post', id: post } }],
  ],
  [
    CommentAddedV1,
    {
      commentId: comment,
      postId: post,
      postAuthorId: other,
      parentId: null,
      parentAuthorId: null,
      authorId: viewer,
      body: 'hi',
      createdAt: at,
    },
    [{ kind: 'deliver', field: 'postActivity', topic: `post:${post}`, value: activity('COMMENT_ADDED', comment) }],
  ],
  [
    CommentDeletedV1,
    { commentId: comment, postId: post, authorId: viewer, parentId: null, removedCommentIds: [comment], deletedBy: viewer, deletedAt: at },
    [{ kind: 'deliver', field: 'postActivity', topic: `post:${post}`, value: activity('COMMENT_DELETED', comment) }],
  ],
  [
    ReactionSetV1,
    { ...reaction, subjectId: post, subjectType: 'POST', kind: 'LIKE', previousKind: null },
    [{ kind: 'deliver', field: 'postActivity', topic: `post:${post}`, value: activity('REACTIONS_CHANGED', null) }],
  ],
  [
    ReactionRemovedV1,
    { ...reaction, subjectId: comment, subjectType: 'COMMENT', previousKind: 'LOVE' },
    [{ kind: 'deliver', field: 'postActivity', topic: `post:${post}`, value: activity('REACTIONS_CHANGED', comment) }],
  ],
  [
    PostEditedV1,
    { postId: post, authorId: other, body: 'edited', version: 2, editedAt: at },
    [{ kind: 'deliver', field: 'postActivity', topic: `post:${post}`, value: activity('EDITED', null) }],
  ],
  [
    PostDeletedV1,
    { postId: post, authorId: other, deletedAt: at },
    [
      {
        kind: 'end',
        field: 'postActivity',
        topic: `post:${post}`,
        value: activity('DELETED', null),
        end: { message: 'The post was deleted', code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' },
      },
    ],
  ],
  [
    PostVisibilityChangedV1,
    { postId: post, authorId: other, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: false, version: 3, changedAt: at },
    [{ kind: 'recheck', field: 'postActivity', topic: `post:${post}` }],
  ],
  [
    BlockCreatedV1,
    { blockerId: other, blockedId: viewer, version: 1, at },
    [
      { kind: 'recheck', field: 'postActivity', topic: `viewer:${other}` },
      { kind: 'recheck', field: 'postActivity', topic: `viewer:${viewer}` },
    ],
  ],
  [
    FollowRemovedV1,
    { followerId: viewer, followeeId: other, version: 2, at },
    [{ kind: 'recheck', field: 'postActivity', topic: `viewer:${viewer}` }],
  ],
  [
    CircleMemberRemovedV1,
    { circleId: id(), ownerId: other, memberId: viewer, version: 2, at },
    [{ kind: 'recheck', field: 'postActivity', topic: `viewer:${viewer}` }],
  ],
];

describe('routeEvent', () => {
  it.each(CASES.map(([contract, payload, deliveries]) => [contract.type, contract, payload, deliveries] as const))(
    '%s',
    (_type, contract, payload, deliveries) => {
      expect(route(contract, payload)).toEqual(deliveries);
    },
  );

  it('covers every routed event type here', () => {
    expect(CASES.map(([contract]) => contract.type).sort()).toEqual([...ROUTED_EVENT_TYPES]);
  });

  it('routes to the topics subscribers listen on', () => {
    const subscriberTopics = topicsOf('postActivity', viewer, { postId: post });
    for (const [contract, payload] of CASES) {
      for (const delivery of route(contract, payload)) {
        const listening = delivery.field === 'postActivity' ? subscriberTopics : topicsOf(delivery.field, viewer, {});
        if (delivery.topic.endsWith(other)) continue;
        expect(listening).toContain(delivery.topic);
      }
    }
  });

  it('yields nothing for event types realtime does not follow (and unknown subjects)', () => {
    expect(route(FollowCreatedV1, { followerId: viewer, followeeId: other, version: 1, at })).toEqual([]);
    expect(
      route(PostPublishedV1, { postId: post, authorId: viewer, body: 'b', visibility: 'PUBLIC', circleIds: [], publishedAt: at }),
    ).toEqual([]);
    expect(routeEvent('nobody.thing.happened.v1', { anything: true })).toEqual([]);
  });

  it('throws for an event that does not match its contract (the engine logs and skips it)', () => {
    const [subject, raw] = wire(FeedItemAddedV1, { ownerId: viewer, postId: post, authorId: other, publishedAt: at, addedAt: at });
    expect(() => routeEvent(subject, { ...(raw as object), payload: { ownerId: 'not-a-uuid' } })).toThrow();
    expect(() => routeEvent(subject, { ...(raw as object), type: 'feed.item.removed.v1' })).toThrow();
    expect(() => routeEvent(subject, 'not an envelope')).toThrow();
  });

  it('routes canonical (lower-case) ids whatever the producer wrote', () => {
    const upper = post.toUpperCase();
    const [delivery] = route(PostEditedV1, { postId: upper, authorId: other, body: 'x', version: 2, editedAt: at });
    expect(delivery?.topic).toBe(`post:${post}`);
  });
});

describe('subscription arguments, topics and access checks', () => {
  it('validates and normalises arguments', () => {
    expect(SUBSCRIPTION_ARGUMENTS.postActivity.parse({ postId: post.toUpperCase() })).toEqual({ postId: post });
    expect(SUBSCRIPTION_ARGUMENTS.postActivity.safeParse({ postId: 'nope' }).success).toBe(false);
    expect(SUBSCRIPTION_ARGUMENTS.notificationAdded.parse({})).toEqual({});
  });

  it('gives each field its topics', () => {
    expect(topicsOf('notificationAdded', viewer, {})).toEqual([`viewer:${viewer}`]);
    expect(topicsOf('feedItemAdded', viewer, {})).toEqual([`viewer:${viewer}`]);
    // postActivity also listens on the viewer: blocks, unfollows and circle removals recheck there.
    expect(topicsOf('postActivity', viewer, { postId: post })).toEqual([`post:${post}`, `viewer:${viewer}`]);
  });

  it('checks access for postActivity only', () => {
    expect(accessCheckOf('notificationAdded', {})).toBeUndefined();
    expect(accessCheckOf('feedItemAdded', {})).toBeUndefined();
    expect(accessCheckOf('postActivity', { postId: post })).toMatchObject({
      variables: { postId: post },
      refusal: { code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' },
    });
    expect(accessCheckOf('postActivity', { postId: post })?.query).toMatch(/subject: post\(id: \$postId\)/);
    expect(ACCESS_LOST).toEqual({ message: 'You can no longer see this post', code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' });
  });
});
