import { defineConsumer } from '@agora/context-runtime';
import { FollowCreatedV1, FollowRemovedV1, PostDeletedV1, PostPublishedV1, type EventContract } from '@agora/events';
import { projectionOf } from './timeline-projection';
import type { TimelineStore } from './timeline-store';

/**
 * A consumer of an event that moves timeline rows: the kernel replica change AND the rows, in the
 * one transaction of its inbox row (ports: the timeline store bound to that transaction), with
 * the very projection the rebuild replays.
 */
function timelineHandler<T extends string, P>(name: string, contract: EventContract<T, P>) {
  const { project } = projectionOf(contract.type);
  return defineConsumer({ name, contract, handle: (event, store: TimelineStore) => project(store, event) });
}

/** social.follow.created.v1: lock the followee, record the follow, backfill what it reaches. */
export const backfillTimelineOnFollowCreated = timelineHandler('BackfillTimelineOnFollowCreated', FollowCreatedV1);

/** social.follow.removed.v1: lock the followee, record, prune the follower's rows of the followee. */
export const pruneTimelineOnFollowRemoved = timelineHandler('PruneTimelineOnFollowRemoved', FollowRemovedV1);

/** posts.post.published.v1: lock the author, record the access, fan out to the author and the followers it reaches. */
export const fanOutPostOnPostPublished = timelineHandler('FanOutPostOnPostPublished', PostPublishedV1);

/** posts.post.deleted.v1: lock the author, record the deletion (terminal), remove the post from every timeline. */
export const removePostOnPostDeleted = timelineHandler('RemovePostOnPostDeleted', PostDeletedV1);

/** The feed's own consumers, in place of the kernel's replica consumers of the same events. */
export const TIMELINE_HANDLERS = [
  backfillTimelineOnFollowCreated,
  pruneTimelineOnFollowRemoved,
  fanOutPostOnPostPublished,
  removePostOnPostDeleted,
];
