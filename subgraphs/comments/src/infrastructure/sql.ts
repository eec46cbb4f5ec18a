import { blockedEitherWay, postVisibleTo } from '@agora/audience';
import type { CommentState } from '../domain/comment/comment';
import { Prisma } from './prisma/__generated__/client';

/** The columns of a comment row as `CommentState` (for `$queryRaw` into CommentRow). */
export const COMMENT_COLUMNS = Prisma.sql`c.id::text AS id, c.post_id::text AS "postId", c.author_id::text AS "authorId",
  c.parent_id::text AS "parentId", c.body, c.created_at AS "createdAt"`;

export type CommentRow = CommentState;

/**
 * What a reader may see of comments, in SQL over the replica: the post row (`post_access`
 * aliased `pa`) is published, not deleted and visible to the reader (@agora/audience
 * `postVisibleTo`), and the comment (aliased `c`) is not written by someone in a block with the
 * reader. Anonymous readers see every comment of a post they may see.
 */
export function readableBy(viewerId: string | null): Prisma.Sql {
  const post = postVisibleTo(viewerId ? { userId: viewerId } : null, 'pa');
  if (!viewerId) return post;
  return Prisma.sql`${post} AND NOT ${blockedEitherWay(Prisma.sql`${viewerId}::uuid`, Prisma.sql`c.author_id`)}`;
}
