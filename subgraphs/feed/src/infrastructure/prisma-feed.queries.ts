import { postVisibleTo } from '@agora/audience';
import type { KeysetCursor } from '@agora/service-kit';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';

/** One post of a feed page: what the feed knows of it (the rest is resolved by posts). */
export interface FeedItem {
  postId: string;
  publishedAt: Date;
}

/**
 * The read side: ONE statement per page, whatever the number of people the viewer follows — an
 * index range scan of the viewer's timeline rows, each joined to its `post_access` row by primary
 * key and filtered with the kernel's `postVisibleTo` (audience, circles, blocks both ways) and
 * moderation's removals (`moderated_post`, by primary key), so visibility is always the current
 * one without being materialised — and the page never hands out a post reference posts would
 * resolve to null (a removed post is left out for every reader, its author included: it is gone
 * from every timeline; the author still finds it, marked removed, among their own posts).
 */
export class PrismaFeedQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** Up to `limit` of the viewer's timeline after the cursor (`at` = published_at, `id` = post id), newest first. */
  async page(viewerId: string, limit: number, after: KeysetCursor | null): Promise<FeedItem[]> {
    // `published_at <= c` lets the (owner_id, published_at desc, post_id desc) index seek to the cursor.
    const afterClause = after
      ? Prisma.sql`AND t.published_at <= ${after.at}::timestamptz
          AND (t.published_at, t.post_id) < (${after.at}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ post_id: string; published_at: Date }[]>`
      SELECT t.post_id::text AS post_id, t.published_at
      FROM timeline t
      JOIN post_access pa ON pa.post_id = t.post_id
      WHERE t.owner_id = ${viewerId}::uuid ${afterClause}
        AND ${postVisibleTo({ userId: viewerId }, 'pa')}
        AND NOT EXISTS (SELECT 1 FROM moderated_post mp WHERE mp.post_id = t.post_id AND mp.removed)
      ORDER BY t.published_at DESC, t.post_id DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ postId: row.post_id, publishedAt: row.published_at }));
  }
}
