import type { PostAccessChange, SocialChange } from '@agora/audience';
import type { ConsumedCall } from '@agora/context-runtime';
import type { PostModeration } from '../domain/timeline/moderation';
import type { TimelineRow } from '../domain/timeline/timeline-rule';

/**
 * The feed's write side inside ONE transaction (the inbox row, the kernel replica change and the
 * timeline rows commit together). Implemented in SQL by infrastructure/prisma-timeline.store.ts
 * and in memory for the unit tests. Every `sync…` method re-derives rows from the replica as it
 * is NOW (after the change was recorded), never from the event, which is what makes the model
 * independent of arrival order: a stale or redelivered event changes nothing.
 */
export interface TimelineStore {
  /**
   * Serialises the writers of one author's rows (a post of theirs being fanned out, a follow of
   * them being backfilled or pruned) until the transaction ends, so that two of them running at
   * once under READ COMMITTED cannot both miss each other's uncommitted change.
   */
  lockAuthor(authorId: string): Promise<void>;
  /** The kernel replica's last-writer-wins upsert of a social fact. */
  recordSocialChange(change: SocialChange): Promise<void>;
  /** The kernel replica's upsert of a post's access state (deletion terminal). */
  recordPostAccess(change: PostAccessChange): Promise<void>;
  /**
   * Makes `follower`'s rows of `followee`'s posts match the rule: inserts the posts the current
   * follow reaches, deletes the others (all of them when the follow is not active).
   */
  syncFollow(followerId: string, followeeId: string): Promise<void>;
  /**
   * Inserts the post's rows for its author and every follower whose follow reaches it (none unless
   * published and not deleted). Returns the rows actually inserted: a row that was there already
   * (a second publication event of the post, a follow's backfill that got there first) is not in it.
   */
  fanOutPost(postId: string): Promise<TimelineRow[]>;
  /** Deletes the post's rows from every timeline. */
  removePost(postId: string): Promise<void>;
  /**
   * Records a moderator's decision about a post (`nextModeration`: newest wins, a removal at equal
   * times). Timeline rows are left alone: the page leaves out removed posts, so a restoration puts
   * the post back at its original place.
   */
  recordModeration(decision: PostModeration): Promise<void>;
}

/** A post that entered a home timeline live (a publication's fan-out), and when. */
export interface TimelineItemAdded extends TimelineRow {
  addedAt: Date;
}

/**
 * The feed's outbox: each item becomes `feed.item.added.v1` in the same transaction as its
 * timeline row, with the metadata of the event that caused it (ConsumedCall.metadata).
 */
export interface FeedEventOutbox {
  append(items: readonly TimelineItemAdded[], metadata: ConsumedCall['metadata']): Promise<void>;
}

/** What one consumed event's transaction offers the feed's handlers: the timeline store and the outbox. */
export interface FeedScope {
  timeline: TimelineStore;
  outbox: FeedEventOutbox;
}
