import type { Reader } from '../domain/visibility';
import { raw, sql, type Sql } from './sql';

/** A column of the aliased row; the alias is code, never input, and must be a plain identifier. */
function columnOf(alias: string): (column: string) => Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a SQL alias: ${alias}`);
  return (column) => raw(`${alias}.${column}`);
}

/**
 * The SQL form of `canView` (domain/visibility.ts) over the local social replica, for a row
 * aliased `alias` that has `author_id`, `visibility` and `circle_ids` (a post table, or
 * `post_access`). Same rule, same order: the author sees everything; a block either way hides
 * all; PUBLIC for everyone; FOLLOWERS for active followers; CIRCLE for active members of one of
 * the post's circles owned by the author. Change both together — the kernel's tests check that
 * they agree.
 */
export function visibleTo(reader: Reader, alias = 'p'): Sql {
  const a = columnOf(alias);
  if (reader === null) return sql`${a('visibility')} = 'PUBLIC'`;
  const r = sql`${reader.userId}::uuid`;
  return sql`(${a('author_id')} = ${r} OR (
    NOT ${blockedEitherWay(r, a('author_id'))}
    AND (
      ${a('visibility')} = 'PUBLIC'
      OR (${a('visibility')} = 'FOLLOWERS' AND EXISTS (
        SELECT 1 FROM social_follow f WHERE f.active AND f.follower_id = ${r} AND f.followee_id = ${a('author_id')}))
      OR (${a('visibility')} = 'CIRCLE' AND EXISTS (
        SELECT 1 FROM social_circle_member m
        WHERE m.active AND m.member_id = ${r} AND m.owner_id = ${a('author_id')} AND m.circle_id = ANY(${a('circle_ids')})))
    )
  ))`;
}

/**
 * A post in `post_access` (aliased `alias`) that the reader may see: published, not deleted, and
 * allowed by `visibleTo`. Posts whose publication has not arrived yet count as missing.
 */
export function postVisibleTo(reader: Reader, alias = 'pa'): Sql {
  const a = columnOf(alias);
  return sql`(NOT ${a('deleted')} AND ${a('published_at')} IS NOT NULL AND ${visibleTo(reader, alias)})`;
}

/** True when either user blocks the other (both are SQL expressions of type uuid). */
export function blockedEitherWay(a: Sql, b: Sql): Sql {
  return sql`EXISTS (
    SELECT 1 FROM social_block b
    WHERE b.active AND ((b.blocker_id = ${a} AND b.blocked_id = ${b}) OR (b.blocker_id = ${b} AND b.blocked_id = ${a})))`;
}
