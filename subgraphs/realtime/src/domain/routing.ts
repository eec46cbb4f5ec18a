/**
 * Which subscriptions an event is for, and what it delivers to them: the realtime context's whole
 * domain. Pure functions over parsed event envelopes; the gateway's engine indexes subscribers by
 * topic and does the rest (resolution through the supergraph, transports, resume).
 *
 * Topics: `viewer:<userId>` (everything of one person: their notifications, their feed, and the
 * access rechecks of their postActivity subscriptions) and `post:<postId>` (one post's activity).
 */
import {
  BlockCreatedV1,
  CircleMemberRemovedV1,
  CommentAddedV1,
  CommentDeletedV1,
  FeedItemAddedV1,
  FollowRemovedV1,
  NotificationCreatedV1,
  PostDeletedV1,
  PostEditedV1,
  PostVisibilityChangedV1,
  ReactionRemovedV1,
  ReactionSetV1,
  parseEvent,
  type EventContract,
  type EventEnvelope,
} from '@agora/events';
import { z } from 'zod';

/** The Subscription fields this context declares (schema.graphql). */
export type SubscriptionField = 'notificationAdded' | 'feedItemAdded' | 'postActivity';
export const SUBSCRIPTION_FIELDS: readonly SubscriptionField[] = ['notificationAdded', 'feedItemAdded', 'postActivity'];

export type PostActivityKind = 'COMMENT_ADDED' | 'COMMENT_DELETED' | 'REACTIONS_CHANGED' | 'EDITED' | 'DELETED';

/** An entity reference as the primary fetch of a federated plan returns it. */
export interface EntityRef extends Record<string, unknown> {
  __typename: 'Notification' | 'Post' | 'Comment';
  id: string;
}

/** Why a subscription ended, as the client is told (a GraphQL error's message and extensions). */
export interface EndReason {
  message: string;
  code: 'NOT_FOUND' | 'FORBIDDEN';
  reason: 'REALTIME.POST_DELETED' | 'REALTIME.ACCESS_LOST';
}

/** What one event means for the subscriptions on one topic. */
export type Delivery =
  /** Resolve the subscriber's selection with `value` as the field's value and send it. */
  | { kind: 'deliver'; field: SubscriptionField; topic: string; value: Record<string, unknown> }
  /** Check again that each subscriber on the topic may still see what it follows; end those who may not. */
  | { kind: 'recheck'; field: SubscriptionField; topic: string }
  /**
   * Send `value` only to subscribers whose selection needs nothing but keys (the rest cannot be
   * resolved any more), then end every subscription on the topic with `end`.
   */
  | { kind: 'end'; field: SubscriptionField; topic: string; value?: Record<string, unknown>; end: EndReason };

export const viewerTopic = (userId: string): string => `viewer:${userId}`;
export const postTopic = (postId: string): string => `post:${postId}`;

const ref = (__typename: EntityRef['__typename'], id: string): EntityRef => ({ __typename, id });
const activity = (kind: PostActivityKind, postId: string, commentId: string | null): Record<string, unknown> => ({
  kind,
  post: ref('Post', postId),
  comment: commentId === null ? null : ref('Comment', commentId),
});

/** A subscription's arguments, checked before anything is subscribed (BAD_USER_INPUT otherwise). */
export const SUBSCRIPTION_ARGUMENTS: { readonly [F in SubscriptionField]: z.ZodType<Record<string, unknown>> } = {
  notificationAdded: z.object({}),
  feedItemAdded: z.object({}),
  postActivity: z.object({ postId: z.uuid({ error: 'postId must be a post id' }).toLowerCase() }),
};

/** The topics a subscriber listens on. */
export function topicsOf(field: SubscriptionField, viewerId: string, args: Record<string, unknown>): string[] {
  if (field === 'postActivity') return [postTopic(String(args['postId'])), viewerTopic(viewerId)];
  return [viewerTopic(viewerId)];
}

/**
 * What a subscriber must be allowed to see, checked through the supergraph as the viewer when it
 * subscribes and on every recheck: the query must answer a non-null `subject`.
 */
export interface AccessCheck {
  query: string;
  variables: Record<string, unknown>;
  /** Told to the client when the check fails at subscribe time. */
  refusal: { message: string; code: 'NOT_FOUND'; reason: 'REALTIME.POST_NOT_FOUND' };
}

export function accessCheckOf(field: SubscriptionField, args: Record<string, unknown>): AccessCheck | undefined {
  if (field !== 'postActivity') return undefined;
  return {
    query: 'query RealtimePostAccess($postId: ID!) { subject: post(id: $postId) { id } }',
    variables: { postId: args['postId'] },
    refusal: { message: 'No post with this id is visible to you', code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' },
  };
}

type Router<P> = (payload: P) => Delivery[];
interface Route<T extends string, P> {
  contract: EventContract<T, P>;
  route: Router<P>;
}
const on = <T extends string, P>(contract: EventContract<T, P>, route: Router<P>): Route<T, P> => ({ contract, route });

const ROUTES: readonly Route<string, any>[] = [
  on(NotificationCreatedV1, (p) => [
    { kind: 'deliver', field: 'notificationAdded', topic: viewerTopic(p.recipientId), value: ref('Notification', p.notificationId) },
  ]),
  on(FeedItemAddedV1, (p) => [{ kind: 'deliver', field: 'feedItemAdded', topic: viewerTopic(p.ownerId), value: ref('Post', p.postId) }]),
  on(CommentAddedV1, (p) => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('COMMENT_ADDED', p.postId, p.commentId) },
  ]),
  on(CommentDeletedV1, (p) => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('COMMENT_DELETED', p.postId, p.commentId) },
  ]),
  ...[ReactionSetV1, ReactionRemovedV1].map((contract) =>
    on(contract, (p: { postId: string; subjectType: 'POST' | 'COMMENT'; subjectId: string }) => [
      {
        kind: 'deliver',
        field: 'postActivity',
        topic: postTopic(p.postId),
        value: activity('REACTIONS_CHANGED', p.postId, p.subjectType === 'COMMENT' ? p.subjectId : null),
      },
    ]),
  ),
  on(PostEditedV1, (p) => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('EDITED', p.postId, null) },
  ]),
  on(PostDeletedV1, (p) => [
    {
      kind: 'end',
      field: 'postActivity',
      topic: postTopic(p.postId),
      value: activity('DELETED', p.postId, null),
      end: { message: 'The post was deleted', code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' },
    },
  ]),
  // Changes that may take a post away from a viewer: recheck, and end the subscriptions that lost it.
  on(PostVisibilityChangedV1, (p) => [{ kind: 'recheck', field: 'postActivity', topic: postTopic(p.postId) }]),
  on(BlockCreatedV1, (p) => [
    { kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.blockerId) },
    { kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.blockedId) },
  ]),
  on(FollowRemovedV1, (p) => [{ kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.followerId) }]),
  on(CircleMemberRemovedV1, (p) => [{ kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.memberId) }]),
];

const ROUTE_BY_TYPE = new Map(ROUTES.map((route) => [route.contract.type, route]));

/** The event types realtime reacts to (= NATS subjects). */
export const ROUTED_EVENT_TYPES: readonly string[] = [...ROUTE_BY_TYPE.keys()].sort();

/** The end reason for a postActivity subscriber whose access check failed on a recheck. */
export const ACCESS_LOST: EndReason = { message: 'You can no longer see this post', code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' };

/**
 * What an event (as read from NATS: subject + decoded JSON) means for subscribers. Events of
 * other types yield nothing; an event that does not match its contract throws (the caller logs
 * and skips it: a bad event must not stop everyone's stream).
 */
export function routeEvent(subject: string, raw: unknown): Delivery[] {
  const route = ROUTE_BY_TYPE.get(subject);
  if (!route) return [];
  const event: EventEnvelope = parseEvent(route.contract, raw);
  return route.route(event.payload);
}
