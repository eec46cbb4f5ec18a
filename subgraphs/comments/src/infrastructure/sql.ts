import { blockedEitherWay, postVisibleTo } from '@agora/audience';
import type { CommentState } from '../domain/comment/comment';
import { Prisma } from './prisma/__generated__/client';

/** The columns of a comment row as `CommentState` (for `$queryRaw` into CommentRow). */
export const COMMENT_COLUMNS = Prisma.sql`c.id::text AS id, c.post_id::text AS "postId", c.author_id::text AS "authorId",
  c.parent_id::text AS "parentId", c.body, c.created_at AS "createdAt"`;

export type CommentRow = CommentState;

/** When a moderator removed the comment (aliased `c`), null when it is not removed: the read side's `removedAt` column. */
export const REMOVED_AT = Prisma.sql`(SELECT mc.decided_at FROM moderated_content mc WHERE mc.subject_id = c.id AND mc.removed) AS "removedAt"`;

/** Who reads comments: the viewer's id and whether they are a moderator or admin (`hasRole(viewer, 'MODERATOR')`); null when anonymous. */
export type CommentReader = { userId: string; moderator: boolean } | null;

/**
 * No moderator's removal stands over the comment (aliased `c`) — of the comment itself, of its
 * parent (replies stay hidden with a removed comment) or of its post — except a removal of
 * `viewerId`'s own subject: a removed post or comment, and what is under it, stays visible to its
 * author. One primary-key probe of `moderated_content` per comment. The domain form is
 * `hiddenByRemovals`.
 */
export function notRemovedFor(viewerId: string | null): Prisma.Sql {
  const others = viewerId ? Prisma.sql`AND mc.author_id <> ${viewerId}::uuid` : Prisma.empty;
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM moderated_content mc
    WHERE mc.removed AND mc.subject_id IN (c.id, c.parent_id, c.post_id) ${others})`;
}

/** Neither the comment (aliased `c`) nor its parent is removed, whoever reads: what `commentCount` counts. */
export const NOT_REMOVED_COMMENT = Prisma.sql`NOT EXISTS (SELECT 1 FROM moderated_content mc
  WHERE mc.removed AND mc.subject_id IN (c.id, c.parent_id))`;

/**
 * What a reader may see of comments, in SQL over the replica: the post row (`post_access`
 * aliased `pa`) is published, not deleted and visible to the reader (@agora/audience
 * `postVisibleTo`), the comment (aliased `c`) is not written by someone in a block with the
 * reader, and no moderator's removal hides it (`notRemovedFor`). Anonymous readers see every
 * comment of a post they may see. Moderators and admins see every comment of every published,
 * not deleted post — whatever its audience, blocks or removals (they review reported content).
 */
export function readableBy(reader: CommentReader): Prisma.Sql {
  if (reader?.moderator) return Prisma.sql`(NOT pa.deleted AND pa.published_at IS NOT NULL)`;
  const viewerId = reader?.userId ?? null;
  const post = Prisma.sql`${postVisibleTo(viewerId ? { userId: viewerId } : null, 'pa')} AND ${notRemovedFor(viewerId)}`;
  if (!viewerId) return post;
  return Prisma.sql`${post} AND NOT ${blockedEitherWay(Prisma.sql`${viewerId}::uuid`, Prisma.sql`c.author_id`)}`;
}
