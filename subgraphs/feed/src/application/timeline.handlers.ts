import { defineConsumer } from '@agora/context-runtime';
import {
  ContentRemovedV1,
  ContentRestoredV1,
  FollowCreatedV1,
  FollowRemovedV1,
  PostDeletedV1,
  PostPublishedV1,
  type EventContract,
} from '@agora/events';
import { projectionOf } from './timeline-projection';
import type { FeedScope } from './timeline-store';

/**
 * A consumer of an event that moves timeline rows: the kernel replica change AND the rows, in the
 * one transaction of its inbox row (ports: the timeline store bound to that transaction), with
 * the very projection the rebuild replays. The rows that entered timelines live (a publication's
 * fan-out, only the rows actually inserted) are announced in that transaction too: one
 * `feed.item.added.v1` per timeline, caused by the consumed event, added at the pipeline's now.
 * The inbox runs this once per event, so a redelivery announces nothing again.
 */
function timelineHandler<T extends string, P>(name: string, contract: EventContract<T, P>) {
  const { project } = projectionOf(contract.type);
  return defineConsumer({
    name,
    contract,
    async handle(event, { timeline, outbox }: FeedScope, { metadata, now }) {
      const added = await project(timeline, event);
      await outbox.append(
        added.map((row) => ({ ...row, addedAt: now })),
        metadata,
      );
    },
  });
}

/** social.follow.created.v1: lock the followee, record the follow, backfill what it reaches (not announced: older posts). */
export const backfillTimelineOnFollowCreated = timelineHandler('BackfillTimelineOnFollowCreated', FollowCreatedV1);

/** social.follow.removed.v1: lock the followee, record, prune the follower's rows of the followee. */
export const pruneTimelineOnFollowRemoved = timelineHandler('PruneTimelineOnFollowRemoved', FollowRemovedV1);

/**
 * posts.post.published.v1: lock the author, record the access, fan out to the author and the
 * followers it reaches, and announce each row inserted (feed.item.added.v1).
 */
export const fanOutPostOnPostPublished = timelineHandler('FanOutPostOnPostPublished', PostPublishedV1);

/** posts.post.deleted.v1: lock the author, record the deletion (terminal), remove the post from every timeline. */
export const removePostOnPostDeleted = timelineHandler('RemovePostOnPostDeleted', PostDeletedV1);

/** moderation.content.removed.v1 about a POST: record the removal; every feed page leaves the post out from now on. */
export const hidePostOnContentRemoved = timelineHandler('HidePostOnContentRemoved', ContentRemovedV1);

/** moderation.content.restored.v1 about a POST: record the restoration; the post is back in every feed at its original place. */
export const showPostOnContentRestored = timelineHandler('ShowPostOnContentRestored', ContentRestoredV1);

/** The feed's own consumers, in place of the kernel's replica consumers of the same events. */
export const TIMELINE_HANDLERS = [
  backfillTimelineOnFollowCreated,
  pruneTimelineOnFollowRemoved,
  fanOutPostOnPostPublished,
  removePostOnPostDeleted,
  hidePostOnContentRemoved,
  showPostOnContentRestored,
];
