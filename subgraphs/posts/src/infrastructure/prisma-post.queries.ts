import { uuidList } from '@agora/prisma-kit';
import { hasRole, type KeysetCursor, type Viewer } from '@agora/service-kit';
import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { PostEvent } from '../domain/post/post.events';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { rawToSnapshot, type RawPostRow } from './post.mapper';
import { fromStoredEvent } from './post-event-store.mapper';
import { visibleTo } from '@agora/audience';

/** One body of a post, from its stream (the publish, then every edit). */
export interface PostRevision {
  version: number;
  body: string;
  at: Date;
}

/** The events that write a body (stored under the domain's type names). */
const BODY_EVENTS: PostEvent['type'][] = ['PostPublished', 'PostEdited'];

const COLUMNS = Prisma.sql`p.id, p.author_id, p.body, p.visibility::text AS visibility, p.circle_ids::text[] AS circle_ids,
  p.comments_disabled, p.attachment_ids::text[] AS attachment_ids, p.version, p.created_at, p.edited_at, p.deleted_at,
  p.removed_at, p.moderated_at`;

/** Who reads: the request's viewer (its role decides moderator access), or null when anonymous. */
export type PostReader = Pick<Viewer, 'userId' | 'role'> | null;

/**
 * The posts `reader` may read, on top of `deleted_at IS NULL`: moderators and admins every post
 * whatever its audience or removal (they review reported FOLLOWERS / CIRCLE posts); anyone else
 * what `visibleTo` allows (the SQL form of `canView`), minus posts a moderator removed — except
 * their own, which the author still sees, marked with `removed_at`.
 */
export function readableBy(reader: PostReader): Prisma.Sql {
  if (hasRole(reader, 'MODERATOR')) return Prisma.sql`TRUE`;
  const notRemoved = reader ? Prisma.sql`(p.removed_at IS NULL OR p.author_id = ${reader.userId}::uuid)` : Prisma.sql`p.removed_at IS NULL`;
  return Prisma.sql`${notRemoved} AND ${visibleTo(reader)}`;
}

/**
 * Read side: live (not deleted) posts the reader may see (`readableBy`: `visibleTo`, the SQL form
 * of `canView`, and moderation's removals), newest first; cursors are keyset positions in the `(created_at desc, id desc)`
 * order. Every method is ONE SQL statement, so the per-request DataLoaders turn N lookups into
 * one round trip.
 */
export class PrismaPostQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async findVisibleByIds(ids: readonly string[], reader: PostReader): Promise<PostSnapshot[]> {
    const rows = await this.prisma.$queryRaw<RawPostRow[]>`
      SELECT ${COLUMNS} FROM post p
      WHERE p.id IN (${uuidList(ids)}) AND p.deleted_at IS NULL AND ${readableBy(reader)}`;
    return rows.map(rawToSnapshot);
  }

  /** Public posts of everyone except people in a block with the reader; `limit` rows after the cursor. */
  async listPublic(limit: number, after: KeysetCursor | null, reader: PostReader): Promise<PostSnapshot[]> {
    // `created_at <= c` lets the (visibility, created_at desc, id desc) index seek to the cursor.
    const afterClause = after
      ? Prisma.sql`AND p.created_at <= ${after.at}::timestamptz AND (p.created_at, p.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<RawPostRow[]>`
      SELECT ${COLUMNS} FROM post p
      WHERE p.visibility = 'PUBLIC' AND p.deleted_at IS NULL AND ${readableBy(reader)} ${afterClause}
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT ${limit}`;
    return rows.map(rawToSnapshot);
  }

  /**
   * Up to `limit` posts per author after the cursor, for many authors in ONE statement: rank each
   * author's visible posts with row_number() over (partition by author) and keep the first
   * `limit` of every partition.
   */
  async listByAuthors(
    authorIds: readonly string[],
    limit: number,
    after: KeysetCursor | null,
    reader: PostReader,
  ): Promise<Map<string, PostSnapshot[]>> {
    const afterClause = after ? Prisma.sql`AND (p.created_at, p.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<RawPostRow[]>`
      SELECT id, author_id, body, visibility, circle_ids, comments_disabled, attachment_ids, version, created_at, edited_at, deleted_at,
             removed_at, moderated_at
      FROM (
        SELECT ${COLUMNS},
               row_number() OVER (PARTITION BY p.author_id ORDER BY p.created_at DESC, p.id DESC) AS rank
        FROM post p
        WHERE p.author_id IN (${uuidList(authorIds)})
          AND p.deleted_at IS NULL
          AND ${readableBy(reader)}
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

  /**
   * Revisions (publish + edits) of many posts from their streams, oldest first, in ONE statement.
   * Only body events count: a revision's version is the stream version its body was written at,
   * so access changes in between leave gaps (1, 3, …).
   */
  async listRevisions(postIds: readonly string[]): Promise<Map<string, PostRevision[]>> {
    const rows = await this.prisma.postEvent.findMany({
      where: { postId: { in: [...postIds] }, type: { in: BODY_EVENTS } },
      orderBy: [{ postId: 'asc' }, { version: 'asc' }],
    });
    const byPost = new Map<string, PostRevision[]>();
    for (const row of rows) {
      const event = fromStoredEvent(row);
      if (event.type !== 'PostPublished' && event.type !== 'PostEdited') continue;
      const revision = { version: event.version, body: event.body, at: event.at };
      const list = byPost.get(row.postId);
      if (list) list.push(revision);
      else byPost.set(row.postId, [revision]);
    }
    return byPost;
  }
}
