/**
 * The event contracts realtime follows, bound to what each change means (domain/routing.ts), and
 * the parsing of envelopes as they come from NATS. Kept out of the domain: it depends on the
 * published language (@agora/events), the domain only on the facts.
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
} from '@agora/events';
import { deliveriesOf, type Delivery } from '../domain/routing';

interface Route<P> {
  contract: EventContract<string, P>;
  route: (payload: P) => Delivery[];
}
const on = <P>(contract: EventContract<string, P>, route: (payload: P) => Delivery[]): Route<P> => ({ contract, route });

const ROUTES: readonly Route<any>[] = [
  on(NotificationCreatedV1, deliveriesOf.notificationCreated),
  on(FeedItemAddedV1, deliveriesOf.feedItemAdded),
  on(CommentAddedV1, deliveriesOf.commentAdded),
  on(CommentDeletedV1, deliveriesOf.commentDeleted),
  on(ReactionSetV1, deliveriesOf.reactionsChanged),
  on(ReactionRemovedV1, deliveriesOf.reactionsChanged),
  on(PostEditedV1, deliveriesOf.postEdited),
  on(PostDeletedV1, deliveriesOf.postDeleted),
  on(PostVisibilityChangedV1, deliveriesOf.postAudienceChanged),
  on(BlockCreatedV1, deliveriesOf.blocked),
  on(FollowRemovedV1, deliveriesOf.unfollowed),
  on(CircleMemberRemovedV1, deliveriesOf.removedFromCircle),
];

const ROUTE_BY_TYPE = new Map(ROUTES.map((route) => [route.contract.type, route]));

/** The event types realtime reacts to (= NATS subjects). */
export const ROUTED_EVENT_TYPES: readonly string[] = [...ROUTE_BY_TYPE.keys()].sort();

/**
 * What an event (as read from NATS: subject + decoded JSON) means for subscribers. Events of
 * other types yield nothing; an event that does not match its contract throws (the caller logs
 * and skips it: a bad event must not stop everyone's stream).
 */
export function routeEvent(subject: string, raw: unknown): Delivery[] {
  const route = ROUTE_BY_TYPE.get(subject);
  if (!route) return [];
  return route.route(parseEvent(route.contract, raw).payload);
}
