import { applyPostAccessChange, visibleTo } from '@agora/audience';
import type { PostAccess } from '../application/ports';
import type { CommentablePost } from '../domain/comment/comment';
import { Prisma } from './prisma/__generated__/client';

/**
 * The use cases' view of the replicated post access states (`post_access`, kept by the audience
 * kernel's consumers). Reads take a shared row lock: see `PostAccess`.
 */
export class PrismaPostAccess implements PostAccess {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async forCommenter(postId: string, commenterId: string): Promise<CommentablePost | null> {
    const rows = await this.tx.$queryRaw<{ authorId: string; commentsDisabled: boolean; visible: boolean }[]>`
      SELECT pa.author_id::text AS "authorId", pa.comments_disabled AS "commentsDisabled",
             ${visibleTo({ userId: commenterId }, 'pa')} AS visible
      FROM post_access pa
      WHERE pa.post_id = ${postId}::uuid AND NOT pa.deleted AND pa.published_at IS NOT NULL
      FOR SHARE OF pa`;
    const row = rows[0];
    return row ? { postId, authorId: row.authorId, commentsDisabled: row.commentsDisabled, visibleToCommenter: row.visible } : null;
  }

  async authorOf(postId: string): Promise<string | null> {
    const row = await this.tx.postAccess.findUnique({ where: { postId }, select: { authorId: true } });
    return row?.authorId ?? null;
  }

  async recordDeletion(postId: string, authorId: string): Promise<void> {
    await applyPostAccessChange(this.tx, { kind: 'deleted', postId, authorId });
  }
}
