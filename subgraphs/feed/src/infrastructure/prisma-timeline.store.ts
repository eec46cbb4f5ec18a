import { applyPostAccessChange, applySocialChange, type PostAccessChange, type SocialChange } from '@agora/audience';
import type { TimelineStore } from '../application/timeline-store';
import type { PostModeration } from '../domain/timeline/moderation';
import type { BackfillWindow, TimelineRow } from '../domain/timeline/timeline-rule';
import { Prisma } from './prisma/__generated__/client';

/** What the store needs of a Prisma transaction client (also satisfied by the client itself). */
export type TimelineTx = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

/**
 * The timeline store in SQL, bound to ONE transaction. Each method is a single statement; the
 * `sync…` ones re-derive rows from the replica (never from the event), with the same rule as
 * `belongsInTimeline` (domain/timeline/timeline-rule.ts):
 *   a row (V, P) exists iff P is published and not deleted, and V is P's author or V has an
 *   active follow of the author with `P.published_at >= follow.changed_at - window`.
 */
export class PrismaTimelineStore implements TimelineStore {
  constructor(
    private readonly tx: TimelineTx,
    private readonly window: BackfillWindow,
  ) {}

  async lockAuthor(authorId: string): Promise<void> {
    // executeRaw: the function returns void, which has no result mapping. A hash collision only
    // makes two unrelated authors' writers wait for each other, never wrong.
    await this.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`feed:author:${authorId}`}, 0))`;
  }

  async recordSocialChange(change: SocialChange): Promise<void> {
    await applySocialChange(this.tx, change);
  }

  async recordPostAccess(change: PostAccessChange): Promise<void> {
    await applyPostAccessChange(this.tx, change);
  }

  async syncFollow(followerId: string, followeeId: string): Promise<void> {
    if (followerId === followeeId) return; // the author's own rows do not depend on follows
    await this.tx.$executeRaw`
      DELETE FROM timeline t
      WHERE t.owner_id = ${followerId}::uuid AND t.author_id = ${followeeId}::uuid
        AND NOT EXISTS (
          SELECT 1 FROM social_follow f
          WHERE f.follower_id = t.owner_id AND f.followee_id = t.author_id AND ${this.reaches('f', 't.published_at')})`;
    await this.tx.$executeRaw`
      INSERT INTO timeline (owner_id, post_id, author_id, published_at)
      SELECT f.follower_id, pa.post_id, pa.author_id, pa.published_at
      FROM social_follow f
      JOIN post_access pa ON pa.author_id = f.followee_id
      WHERE f.follower_id = ${followerId}::uuid AND f.followee_id = ${followeeId}::uuid
        AND NOT pa.deleted AND pa.published_at IS NOT NULL
        AND ${this.reaches('f', 'pa.published_at')}
      ON CONFLICT (owner_id, post_id) DO NOTHING`;
  }

  async fanOutPost(postId: string): Promise<TimelineRow[]> {
    // RETURNING lists only the rows inserted (a conflict returns nothing): those the handler announces.
    const rows = await this.tx.$queryRaw<{ owner_id: string; post_id: string; author_id: string; published_at: Date }[]>`
      INSERT INTO timeline (owner_id, post_id, author_id, published_at)
      SELECT owner.id, pa.post_id, pa.author_id, pa.published_at
      FROM post_access pa
      CROSS JOIN LATERAL (
        SELECT pa.author_id AS id
        UNION
        SELECT f.follower_id FROM social_follow f WHERE f.followee_id = pa.author_id AND ${this.reaches('f', 'pa.published_at')}
      ) owner
      WHERE pa.post_id = ${postId}::uuid AND NOT pa.deleted AND pa.published_at IS NOT NULL AND pa.author_id IS NOT NULL
      ON CONFLICT (owner_id, post_id) DO NOTHING
      RETURNING owner_id::text, post_id::text, author_id::text, published_at`;
    return rows.map((row) => ({ ownerId: row.owner_id, postId: row.post_id, authorId: row.author_id, publishedAt: row.published_at }));
  }

  async removePost(postId: string): Promise<void> {
    await this.tx.$executeRaw`DELETE FROM timeline WHERE post_id = ${postId}::uuid`;
  }

  async recordModeration({ postId, removed, decidedAt }: PostModeration): Promise<void> {
    // `nextModeration` in SQL: the newest decision wins, at equal times a removal (false < true).
    await this.tx.$executeRaw`
      INSERT INTO moderated_post (post_id, removed, decided_at) VALUES (${postId}::uuid, ${removed}, ${decidedAt}::timestamptz)
      ON CONFLICT (post_id) DO UPDATE SET removed = EXCLUDED.removed, decided_at = EXCLUDED.decided_at
      WHERE (moderated_post.decided_at, moderated_post.removed) < (EXCLUDED.decided_at, EXCLUDED.removed)`;
  }

  /** The follow aliased `alias` is active and reaches a post published at `publishedAt` (a column; both are code, never input). */
  private reaches(alias: 'f', publishedAt: 't.published_at' | 'pa.published_at'): Prisma.Sql {
    const f = Prisma.raw(alias);
    const at = Prisma.raw(publishedAt);
    return Prisma.sql`(${f}.active AND (${f}.changed_at IS NULL OR ${at} >= ${f}.changed_at - make_interval(days => ${this.window.days}::int)))`;
  }
}
