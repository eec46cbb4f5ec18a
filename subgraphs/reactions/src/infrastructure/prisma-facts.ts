import { applyPostAccessChange, sql } from '@agora/audience';
import { uuidValues } from '@agora/prisma-kit';
import type { CommentFacts, PostFacts } from '../application/ports';
import type { CommentChange } from '../domain/comment/comment-fact';
import type { Prisma } from './prisma/__generated__/client';
import { uuid } from './sql';

/**
 * The comment facts replica: `nextCommentFacts` (domain/comment/comment-fact.ts) as upserts. An
 * addition fills in what a tombstone lacks and never clears `deleted`; a deletion marks every
 * removed comment deleted, creating tombstones for those not known yet.
 */
export class PrismaCommentFacts implements CommentFacts {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async apply(change: CommentChange): Promise<void> {
    if (change.kind === 'added') {
      await this.tx.$executeRaw(sql`
        INSERT INTO comment_fact (comment_id, post_id, author_id, deleted)
        VALUES (${uuid(change.commentId)}, ${uuid(change.postId)}, ${uuid(change.authorId)}, false)
        ON CONFLICT (comment_id) DO UPDATE SET author_id = COALESCE(comment_fact.author_id, excluded.author_id)`);
      return;
    }
    const ids = [...new Set([change.commentId, ...change.commentIds])];
    await this.tx.$executeRaw(sql`
      INSERT INTO comment_fact (comment_id, post_id, author_id, deleted)
      SELECT removed.id, ${uuid(change.postId)}, CASE WHEN removed.id = ${uuid(change.commentId)} THEN ${uuid(change.authorId)} END, true
      FROM ${uuidValues(ids)} AS removed(id)
      ON CONFLICT (comment_id) DO UPDATE SET deleted = true, author_id = COALESCE(comment_fact.author_id, excluded.author_id)`);
  }
}

/** The audience kernel's post-access replica, written with the kernel's own upsert. */
export class PrismaPostFacts implements PostFacts {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  recordDeleted(postId: string, authorId: string): Promise<void> {
    return applyPostAccessChange(this.tx, { kind: 'deleted', postId, authorId });
  }
}
