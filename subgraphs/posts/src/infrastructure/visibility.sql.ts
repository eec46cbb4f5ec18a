import type { Reader } from '../domain/post/visibility';
import { Prisma } from './prisma/__generated__/client';

/**
 * The SQL form of `canView` (domain/post/visibility.ts) over the local social replica, for a post
 * aliased `p`. Same rule, same order: the author sees everything; a block either way hides all;
 * PUBLIC for everyone; FOLLOWERS for active followers; CIRCLE for active members of one of the
 * post's circles owned by the author. Change both together — test/visibility.suite.ts checks that
 * every read path agrees with `canView`.
 */
export function visibleTo(reader: Reader): Prisma.Sql {
  if (reader === null) return Prisma.sql`p.visibility = 'PUBLIC'`;
  const r = Prisma.sql`${reader.userId}::uuid`;
  return Prisma.sql`(p.author_id = ${r} OR (
    NOT EXISTS (
      SELECT 1 FROM social_block b
      WHERE b.active AND ((b.blocker_id = p.author_id AND b.blocked_id = ${r}) OR (b.blocker_id = ${r} AND b.blocked_id = p.author_id))
    )
    AND (
      p.visibility = 'PUBLIC'
      OR (p.visibility = 'FOLLOWERS' AND EXISTS (
        SELECT 1 FROM social_follow f WHERE f.active AND f.follower_id = ${r} AND f.followee_id = p.author_id))
      OR (p.visibility = 'CIRCLE' AND EXISTS (
        SELECT 1 FROM social_circle_member m
        WHERE m.active AND m.member_id = ${r} AND m.owner_id = p.author_id AND m.circle_id = ANY(p.circle_ids)))
    )
  ))`;
}
