import { blockedEitherWay } from '@agora/audience';
import { uuidList } from '@agora/prisma-kit';
import type { CommentRepository } from '../application/ports';
import type { CommentState, ReplyTarget } from '../domain/comment/comment';
import { Prisma } from './prisma/__generated__/client';
import { COMMENT_COLUMNS, type CommentRow } from './sql';

/** Comments inside one transaction; row locks last until it ends. */
export class PrismaCommentRepository implements CommentRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async findReplyTarget(commentId: string, commenterId: string): Promise<ReplyTarget | null> {
    const rows = await this.tx.$queryRaw<(CommentRow & { blocked: boolean })[]>`
      SELECT ${COMMENT_COLUMNS}, ${blockedEitherWay(Prisma.sql`${commenterId}::uuid`, Prisma.sql`c.author_id`)} AS blocked
      FROM comment c WHERE c.id = ${commentId}::uuid
      FOR SHARE OF c`;
    const row = rows[0];
    if (!row) return null;
    const { blocked, ...comment } = row;
    return { comment, blockedWithCommenter: blocked };
  }

  async findForUpdate(commentId: string): Promise<CommentState | null> {
    const rows = await this.tx.$queryRaw<
      CommentRow[]
    >`SELECT ${COMMENT_COLUMNS} FROM comment c WHERE c.id = ${commentId}::uuid FOR UPDATE OF c`;
    return rows[0] ?? null;
  }

  async replyIdsForUpdate(commentId: string): Promise<string[]> {
    const rows = await this.tx.$queryRaw<{ id: string }[]>`
      SELECT c.id::text AS id FROM comment c WHERE c.parent_id = ${commentId}::uuid ORDER BY c.created_at, c.id FOR UPDATE OF c`;
    return rows.map((row) => row.id);
  }

  async insert(comment: CommentState): Promise<void> {
    await this.tx.comment.create({ data: comment });
  }

  async delete(commentIds: readonly string[]): Promise<void> {
    if (commentIds.length === 0) return;
    // Replies also go by the foreign key's ON DELETE CASCADE; listing them keeps the event exact.
    await this.tx.$executeRaw`DELETE FROM comment WHERE id IN (${uuidList(commentIds)})`;
  }

  async deleteAllOfPost(postId: string): Promise<number> {
    return this.tx.$executeRaw`DELETE FROM comment WHERE post_id = ${postId}::uuid`;
  }
}
