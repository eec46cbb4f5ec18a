/**
 * Which subscriptions a change is for, and what it delivers to them: the realtime context's whole
 * domain. Pure functions over the facts an event carries (application/route-event.ts binds them to
 * the event contracts and parses envelopes); the gateway's engine indexes subscribers by topic and
 * does the rest (resolution through the supergraph, transports, resume).
 *
 * Topics: `viewer:<userId>` (everything of one person: their notifications, their feed, and the
 * access rechecks of their postActivity subscriptions) and `post:<postId>` (one post's activity).
 */
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

/**
 * What each change means for subscribers, over the facts its event carries (the contracts'
 * payloads fit these shapes). Changes that may take a post away from a viewer ask for a recheck:
 * the subscriptions that lost it end.
 */
export const deliveriesOf = {
  notificationCreated: (p: { notificationId: string; recipientId: string }): Delivery[] => [
    { kind: 'deliver', field: 'notificationAdded', topic: viewerTopic(p.recipientId), value: ref('Notification', p.notificationId) },
  ],
  feedItemAdded: (p: { ownerId: string; postId: string }): Delivery[] => [
    { kind: 'deliver', field: 'feedItemAdded', topic: viewerTopic(p.ownerId), value: ref('Post', p.postId) },
  ],
  commentAdded: (p: { postId: string; commentId: string }): Delivery[] => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('COMMENT_ADDED', p.postId, p.commentId) },
  ],
  commentDeleted: (p: { postId: string; commentId: string }): Delivery[] => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('COMMENT_DELETED', p.postId, p.commentId) },
  ],
  /** A reaction set, changed or withdrawn, on the post or on one of its comments. */
  reactionsChanged: (p: { postId: string; subjectType: 'POST' | 'COMMENT'; subjectId: string }): Delivery[] => [
    {
      kind: 'deliver',
      field: 'postActivity',
      topic: postTopic(p.postId),
      value: activity('REACTIONS_CHANGED', p.postId, p.subjectType === 'COMMENT' ? p.subjectId : null),
    },
  ],
  postEdited: (p: { postId: string }): Delivery[] => [
    { kind: 'deliver', field: 'postActivity', topic: postTopic(p.postId), value: activity('EDITED', p.postId, null) },
  ],
  postDeleted: (p: { postId: string }): Delivery[] => [
    {
      kind: 'end',
      field: 'postActivity',
      topic: postTopic(p.postId),
      value: activity('DELETED', p.postId, null),
      end: { message: 'The post was deleted', code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' },
    },
  ],
  postAudienceChanged: (p: { postId: string }): Delivery[] => [{ kind: 'recheck', field: 'postActivity', topic: postTopic(p.postId) }],
  /** Either side of a block may lose the other's posts. */
  blocked: (p: { blockerId: string; blockedId: string }): Delivery[] => [
    { kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.blockerId) },
    { kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.blockedId) },
  ],
  unfollowed: (p: { followerId: string }): Delivery[] => [{ kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.followerId) }],
  removedFromCircle: (p: { memberId: string }): Delivery[] => [{ kind: 'recheck', field: 'postActivity', topic: viewerTopic(p.memberId) }],
};

/** The end reason for a postActivity subscriber whose access check failed on a recheck. */
export const ACCESS_LOST: EndReason = { message: 'You can no longer see this post', code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' };
