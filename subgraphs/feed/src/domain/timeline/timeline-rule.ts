import {
  nextPostAccess,
  nextRelationshipState,
  type PostAccessChange,
  type PostAccessState,
  type SocialChange,
} from '@agora/audience/domain';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far back a follow reaches: a follow made at `t` brings the followee's posts published at or
 * after `t - window` into the follower's timeline (and every later post, by fan-out on write).
 */
export class BackfillWindow {
  private constructor(readonly days: number) {}

  static ofDays(days: number): BackfillWindow {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`backfill window must be a whole number of days ≥ 0, got ${days}`);
    return new BackfillWindow(days);
  }

  /** Whether a post published at `publishedAt` is reached by a follow made at `followedAt` (null: unknown, reaches all). */
  reaches(publishedAt: Date, followedAt: Date | null): boolean {
    return followedAt === null || publishedAt.getTime() >= followedAt.getTime() - this.days * DAY_MS;
  }
}

/** A follow as the rule needs it: whether it holds and since when (when it was made). */
export interface FollowFact {
  active: boolean;
  since: Date | null;
}

/** A post as the rule needs it: the kernel's access state (unknown until its publication arrived). */
export type PostFact = Pick<PostAccessState, 'authorId' | 'publishedAt' | 'deleted'>;

/**
 * THE timeline rule (deterministic, so the read model does not depend on the order in which
 * events arrive): post P is in V's timeline iff P is published and not deleted, and V is P's
 * author or V has an ACTIVE follow of the author made at most `window` after P was published.
 *
 * Visibility (FOLLOWERS / CIRCLE / blocks) is deliberately not part of it: reads filter with the
 * kernel's `postVisibleTo`, so audience changes need no timeline writes. The SQL in
 * infrastructure/prisma-timeline.store.ts applies the same rule; change both together.
 */
export function belongsInTimeline(ownerId: string, post: PostFact, follow: FollowFact | undefined, window: BackfillWindow): boolean {
  if (post.deleted || post.publishedAt === null || post.authorId === null) return false;
  if (ownerId === post.authorId) return true;
  return follow !== undefined && follow.active && window.reaches(post.publishedAt, follow.since);
}

/** One row of the read model. */
export interface TimelineRow {
  ownerId: string;
  postId: string;
  authorId: string;
  publishedAt: Date;
}

/** Rows in the read order of one timeline, and a stable total order for whole-table dumps. */
export function compareRows(a: TimelineRow, b: TimelineRow): number {
  if (a.ownerId !== b.ownerId) return a.ownerId < b.ownerId ? -1 : 1;
  const byTime = b.publishedAt.getTime() - a.publishedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.postId === b.postId ? 0 : a.postId < b.postId ? 1 : -1;
}

const pair = (a: string, b: string) => `${a}|${b}`;

/**
 * The facts the rule reads, folded from social's and posts' changes with the kernel's
 * last-writer-wins rules, and the whole timeline they imply — the model that the SQL read model
 * must equal whatever the order of events (tests use it as the oracle).
 */
export class TimelineFacts {
  private readonly follows = new Map<
    string,
    { followerId: string; followeeId: string; version: number; active: boolean; since: Date | null }
  >();
  private readonly posts = new Map<string, PostAccessState>();

  constructor(private readonly window: BackfillWindow) {}

  applySocial(change: SocialChange): void {
    if (change.kind !== 'follow') return; // blocks and circles only matter to visibility, applied at read time
    const key = pair(change.followerId, change.followeeId);
    const current = this.follows.get(key);
    const next = nextRelationshipState(current, change);
    if (next) this.follows.set(key, { followerId: change.followerId, followeeId: change.followeeId, ...next, since: change.at ?? null });
  }

  applyPost(change: PostAccessChange): void {
    this.posts.set(change.postId, nextPostAccess(this.posts.get(change.postId), change));
  }

  /** Every row the rule implies, in `compareRows` order. */
  rows(): TimelineRow[] {
    const rows: TimelineRow[] = [];
    for (const post of this.posts.values()) {
      if (post.deleted || post.publishedAt === null || post.authorId === null) continue;
      const owners = [post.authorId, ...[...this.follows.values()].filter((f) => f.followeeId === post.authorId).map((f) => f.followerId)];
      for (const ownerId of new Set(owners)) {
        if (belongsInTimeline(ownerId, post, this.follows.get(pair(ownerId, post.authorId)), this.window)) {
          rows.push({ ownerId, postId: post.postId, authorId: post.authorId, publishedAt: post.publishedAt });
        }
      }
    }
    return rows.sort(compareRows);
  }
}
