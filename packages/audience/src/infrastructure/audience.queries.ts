import type { PostAccessState } from '../domain/post-access';
import type { Reader, Visibility } from '../domain/visibility';
import { sql, type RawExecutor } from './sql';
import { blockedEitherWay, postVisibleTo } from './visibility.sql';

interface PostAccessRow {
  post_id: string;
  author_id: string | null;
  visibility: Visibility | null;
  circle_ids: string[];
  comments_disabled: boolean;
  version: number;
  published_at: Date | null;
  deleted: boolean;
}

/**
 * Read questions over the replica, each one SQL statement whatever the number of ids, so
 * resolvers and DataLoaders can batch them. Use it with the client or inside a transaction.
 */
export class AudienceQueries {
  constructor(private readonly db: RawExecutor) {}

  /** The recorded access state of each known post (deleted ones included, flagged). */
  async postAccess(postIds: readonly string[]): Promise<Map<string, PostAccessState>> {
    if (postIds.length === 0) return new Map();
    const rows = await this.db.$queryRaw<PostAccessRow[]>(sql`
      SELECT post_id::text, author_id::text, visibility, circle_ids::text[] AS circle_ids, comments_disabled, version, published_at, deleted
      FROM post_access WHERE post_id = ANY(${[...postIds]}::uuid[])`);
    return new Map(
      rows.map((row) => [
        row.post_id,
        {
          postId: row.post_id,
          authorId: row.author_id,
          visibility: row.visibility,
          circleIds: row.circle_ids,
          commentsDisabled: row.comments_disabled,
          version: row.version,
          publishedAt: row.published_at,
          deleted: row.deleted,
        },
      ]),
    );
  }

  /** Which of the posts exist (published, not deleted) and are visible to the reader. */
  async visiblePostIds(reader: Reader, postIds: readonly string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    const rows = await this.db.$queryRaw<{ post_id: string }[]>(sql`
      SELECT pa.post_id::text FROM post_access pa
      WHERE pa.post_id = ANY(${[...postIds]}::uuid[]) AND ${postVisibleTo(reader)}`);
    return new Set(rows.map((row) => row.post_id));
  }

  /** Which of `others` are in a block with `userId` (either direction). */
  async blockedAmong(userId: string, others: readonly string[]): Promise<Set<string>> {
    if (others.length === 0) return new Set();
    const rows = await this.db.$queryRaw<{ other: string }[]>(sql`
      SELECT o.other::text AS other FROM unnest(${[...others]}::uuid[]) AS o(other)
      WHERE ${blockedEitherWay(sql`${userId}::uuid`, sql`o.other`)}`);
    return new Set(rows.map((row) => row.other));
  }

  async blockedEitherWay(a: string, b: string): Promise<boolean> {
    return (await this.blockedAmong(a, [b])).has(b);
  }

  /** The users who currently follow `userId` (for fan-out). */
  async followersOf(userId: string): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ follower_id: string }[]>(sql`
      SELECT follower_id::text FROM social_follow WHERE followee_id = ${userId}::uuid AND active`);
    return rows.map((row) => row.follower_id);
  }
}
