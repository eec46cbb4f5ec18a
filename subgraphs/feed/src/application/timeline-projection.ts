import { POST_FACT_EVENTS, SOCIAL_FACT_EVENTS, type FactEvent, type PostAccessChange, type SocialChange } from '@agora/audience';
import { ContentRemovedV1, ContentRestoredV1, type EventContract, type EventEnvelope } from '@agora/events';
import type { TimelineRow } from '../domain/timeline/timeline-rule';
import type { TimelineStore } from './timeline-store';

/*
 * The feed's projection: what each replicated fact does to the timeline. The live consumers
 * (timeline.handlers.ts) run these inside their inbox transaction (one event, one transaction);
 * the rebuild runs the very same functions for every event of the SOCIAL, POSTS and MODERATION streams.
 *
 * Facts that only matter to visibility (blocks, circle memberships, deleted circles, a post's
 * audience or comment setting) are only recorded: the read query applies them. A block removes
 * timeline rows through the follow-removed events social sends with it.
 *
 * Each projection returns the rows that entered timelines LIVE — a publication's fan-out to its
 * author and the followers it reaches — which the live consumers announce (feed.item.added.v1)
 * and the rebuild ignores. A follow's backfill inserts older posts: it returns nothing, those
 * are not new arrivals.
 */

/**
 * Follow created or removed (any version, stale ones included): lock the followee, record,
 * re-derive the pair's rows. Adds nothing live (a backfill is not a new arrival).
 */
export async function projectSocialChange(store: TimelineStore, change: SocialChange): Promise<TimelineRow[]> {
  if (change.kind !== 'follow') {
    await store.recordSocialChange(change);
    return [];
  }
  await store.lockAuthor(change.followeeId);
  await store.recordSocialChange(change);
  await store.syncFollow(change.followerId, change.followeeId);
  return [];
}

/**
 * A post published: lock its author, record, fan out (returns the rows inserted). A post deleted:
 * lock, record (terminal), drop its rows. Any other access change (visibility, comments): record only.
 */
export async function projectPostAccessChange(store: TimelineStore, change: PostAccessChange): Promise<TimelineRow[]> {
  if (change.kind === 'deleted') {
    await store.lockAuthor(change.authorId);
    await store.recordPostAccess(change);
    await store.removePost(change.postId);
    return [];
  }
  if (change.publishedAt !== undefined) {
    await store.lockAuthor(change.authorId);
    await store.recordPostAccess(change);
    return store.fanOutPost(change.postId);
  }
  await store.recordPostAccess(change);
  return [];
}

/** One replicated event the feed consumes and what it does with it, live and in the rebuild alike. */
export interface FeedProjection {
  contract: EventContract<any, any>;
  /**
   * The audience kernel's mapping of the event to a replica change, then the feed's projection of
   * that change; resolves to the rows that entered timelines live (see above).
   */
  project(store: TimelineStore, event: EventEnvelope<any, any>): Promise<TimelineRow[]>;
}

const projection = <C>(fact: FactEvent<C>, project: (store: TimelineStore, change: C) => Promise<TimelineRow[]>): FeedProjection => ({
  contract: fact.contract,
  project: (store, event) => project(store, fact.toChange(event)),
});

/**
 * A moderator removed or restored a post: record the decision (the page leaves out removed
 * posts; the rows stay, so a restoration brings the post back at its original place). Nothing for
 * a COMMENT's decision (the feed shows posts only). Adds nothing live.
 */
export const MODERATION_PROJECTIONS: readonly FeedProjection[] = [
  {
    contract: ContentRemovedV1,
    async project(store, { payload }: EventEnvelope<(typeof ContentRemovedV1)['schema']['_output']>) {
      if (payload.subjectType === 'POST') {
        await store.recordModeration({ postId: payload.subjectId, removed: true, decidedAt: new Date(payload.removedAt) });
      }
      return [];
    },
  },
  {
    contract: ContentRestoredV1,
    async project(store, { payload }: EventEnvelope<(typeof ContentRestoredV1)['schema']['_output']>) {
      if (payload.subjectType === 'POST') {
        await store.recordModeration({ postId: payload.subjectId, removed: false, decidedAt: new Date(payload.restoredAt) });
      }
      return [];
    },
  },
];

/** Every social, post and moderation fact the feed consumes, with its projection (the rebuild replays exactly these). */
export const FEED_PROJECTIONS: readonly FeedProjection[] = [
  ...SOCIAL_FACT_EVENTS.map((fact) => projection(fact, projectSocialChange)),
  ...POST_FACT_EVENTS.map((fact) => projection(fact, projectPostAccessChange)),
  ...MODERATION_PROJECTIONS,
];

/** The projection of one event type (the feed consumes every event of the kernel's fact tables). */
export function projectionOf(type: string): FeedProjection {
  const found = FEED_PROJECTIONS.find((candidate) => candidate.contract.type === type);
  if (!found) throw new Error(`the feed projects no ${type}`);
  return found;
}
