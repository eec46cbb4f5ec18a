import { uuidList, uuidValues } from '@agora/prisma-kit';
import type { KeysetCursor } from '@agora/service-kit';
import type { CommentView } from '../application/views';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { COMMENT_COLUMNS, NOT_REMOVED_COMMENT, REMOVED_AT, readableBy, type CommentReader } from './sql';

/** After the keyset position `(created_at, id)`, in the ascending order comment lists are read in. */
const afterClause = (after: KeysetCursor | null) =>
  after ? Prisma.sql`AND (c.created_at, c.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty;

type ViewRow = CommentView & { ownerId: string };

function groupBy(rows: ViewRow[]): Map<string, CommentView[]> {
  const byOwner = new Map<string, CommentView[]>();
  for (const { ownerId, ...comment } of rows) {
    const list = byOwner.get(ownerId) ?? [];
    list.push(comment);
    byOwner.set(ownerId, list);
  }
  return byOwner;
}

/**
 * Read side for the graph. Every method is ONE SQL statement for any number of ids, so the
 * per-request DataLoaders turn N lookups into one round trip. Ids must be lower-case UUIDs (the
 * loaders filter and normalise them); callers pass non-empty lists. Every method applies the same
 * reading rule (`readableBy`): only comments of posts the viewer may see, none by someone in a
 * block with the viewer, none under a moderator's removal (but for the removed subject's author;
 * moderators see everything).
 */
export class PrismaCommentQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** The readable comments among `ids`. */
  async byIds(reader: CommentReader, ids: readonly string[]): Promise<Map<string, CommentView>> {
    const rows = await this.prisma.$queryRaw<CommentView[]>`
      SELECT ${COMMENT_COLUMNS}, ${REMOVED_AT}
      FROM comment c JOIN post_access pa ON pa.post_id = c.post_id
      WHERE c.id IN (${uuidList(ids)}) AND ${readableBy(reader)}`;
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Up to `limit` readable top-level comments of each post after the cursor, oldest first. A
   * LATERAL subquery per post walks the `(post_id, parent_id, created_at, id)` index and stops
   * after `limit` rows, whatever the size of the threads.
   */
  async topLevel(
    reader: CommentReader,
    postIds: readonly string[],
    limit: number,
    after: KeysetCursor | null,
  ): Promise<Map<string, CommentView[]>> {
    const rows = await this.prisma.$queryRaw<ViewRow[]>`
      SELECT k.post_id::text AS "ownerId", page.*
      FROM ${uuidValues(postIds)} AS k(post_id)
      JOIN post_access pa ON pa.post_id = k.post_id
      CROSS JOIN LATERAL (
        SELECT ${COMMENT_COLUMNS}, ${REMOVED_AT}, c.id AS sort_id
        FROM comment c
        WHERE c.post_id = k.post_id AND c.parent_id IS NULL AND ${readableBy(reader)} ${afterClause(after)}
        ORDER BY c.created_at, c.id
        LIMIT ${limit}::int
      ) page
      ORDER BY k.post_id, page."createdAt", page.sort_id`;
    return groupBy(rows.map(({ sort_id: _sortId, ...row }: ViewRow & { sort_id?: unknown }) => row));
  }

  /** Up to `limit` readable replies of each comment after the cursor, oldest first (LATERAL per parent). */
  async replies(
    reader: CommentReader,
    parentIds: readonly string[],
    limit: number,
    after: KeysetCursor | null,
  ): Promise<Map<string, CommentView[]>> {
    const rows = await this.prisma.$queryRaw<ViewRow[]>`
      SELECT k.parent_id::text AS "ownerId", page.*
      FROM ${uuidValues(parentIds)} AS k(parent_id)
      CROSS JOIN LATERAL (
        SELECT ${COMMENT_COLUMNS}, ${REMOVED_AT}, c.id AS sort_id
        FROM comment c JOIN post_access pa ON pa.post_id = c.post_id
        WHERE c.parent_id = k.parent_id AND ${readableBy(reader)} ${afterClause(after)}
        ORDER BY c.created_at, c.id
        LIMIT ${limit}::int
      ) page
      ORDER BY k.parent_id, page."createdAt", page.sort_id`;
    return groupBy(rows.map(({ sort_id: _sortId, ...row }: ViewRow & { sort_id?: unknown }) => row));
  }

  /**
   * How many comments (replies included) of each post the viewer may see: one GROUP BY. A removed
   * comment (and its replies) is counted for nobody, its author and moderators included.
   */
  async counts(reader: CommentReader, postIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ postId: string; count: number }[]>`
      SELECT pa.post_id::text AS "postId", count(*)::int AS count
      FROM post_access pa JOIN comment c ON c.post_id = pa.post_id
      WHERE pa.post_id IN (${uuidList(postIds)}) AND ${readableBy(reader)} AND ${NOT_REMOVED_COMMENT}
      GROUP BY pa.post_id`;
    return new Map(rows.map((row) => [row.postId, Number(row.count)]));
  }
}
