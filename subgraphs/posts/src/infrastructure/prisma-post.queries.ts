import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { Reader } from '../domain/post/visibility';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { rawToSnapshot, toSnapshot, type RawPostRow } from './post.mapper';

/** Keyset position in the `(created_at desc, id desc)` order. */
export interface PostCursor {
  createdAt: Date;
  id: string;
}

/**
 * Read side: live (not deleted) posts, newest first. Every method is ONE SQL statement, so the
 * per-request DataLoaders turn N lookups into one round trip.
 */
export class PrismaPostQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async findLiveByIds(ids: readonly string[]): Promise<PostSnapshot[]> {
    const rows = await this.prisma.post.findMany({ where: { id: { in: [...ids] }, deletedAt: null } });
    return rows.map(toSnapshot);
  }

  /** Public posts of everyone; `limit` rows after the cursor. */
  async listPublic(limit: number, after: PostCursor | null): Promise<PostSnapshot[]> {
    const rows = await this.prisma.post.findMany({
      where: {
        visibility: 'PUBLIC',
        deletedAt: null,
        // `created_at <= c` lets the (visibility, created_at desc, id desc) index seek to the
        // cursor; the OR only settles ties within the same millisecond.
        ...(after && {
          createdAt: { lte: after.createdAt },
          OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }

  /**
   * Up to `limit` posts per author after the cursor, for many authors in ONE statement: rank each
   * author's visible posts with row_number() over (partition by author) and keep the first
   * `limit` of every partition. Visibility here is the SQL form of `canView` (visibility.ts):
   * PUBLIC for everyone, everything for the author; change both together.
   */
  async listByAuthors(
    authorIds: readonly string[],
    limit: number,
    after: PostCursor | null,
    reader: Reader,
  ): Promise<Map<string, PostSnapshot[]>> {
    const afterClause = after
      ? Prisma.sql`AND (p.created_at, p.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const readerId = reader?.userId ?? null;
    // IN (…) rather than = ANY($1): array parameters are not mapped alike by every driver adapter.
    const rows = await this.prisma.$queryRaw<RawPostRow[]>`
      SELECT id, author_id, body, visibility::text AS visibility, circle_ids::text[] AS circle_ids,
             version, created_at, edited_at, deleted_at
      FROM (
        SELECT p.*,
               row_number() OVER (PARTITION BY p.author_id ORDER BY p.created_at DESC, p.id DESC) AS rank
        FROM post p
        WHERE p.author_id IN (${Prisma.join(authorIds.map((id) => Prisma.sql`${id}::uuid`))})
          AND p.deleted_at IS NULL
          AND (p.visibility = 'PUBLIC' OR p.author_id = ${readerId}::uuid)
          ${afterClause}
      ) ranked
      WHERE rank <= ${limit}
      ORDER BY author_id, created_at DESC, id DESC`;
    const byAuthor = new Map<string, PostSnapshot[]>();
    for (const row of rows) {
      const post = rawToSnapshot(row);
      const list = byAuthor.get(post.authorId);
      if (list) list.push(post);
      else byAuthor.set(post.authorId, [post]);
    }
    return byAuthor;
  }
}
