import { blockedEitherWay, postVisibleTo, sql } from '@agora/audience';
import type { Subjects } from '../application/ports';
import type { Subject, SubjectType } from '../domain/subject/subject';
import type { Prisma } from './prisma/__generated__/client';
import { uuid } from './sql';

interface CommentRow {
  post_id: string;
  author_id: string | null;
  deleted: boolean;
}

/**
 * Posts and comments as moderation's replicas know them: the audience kernel's `post_access`
 * and social facts decide what a reporter may see (the same rule as every other context), the
 * comment facts which post a comment is under and who wrote it; `removed_content` what
 * moderators removed.
 */
export class PrismaSubjects implements Subjects {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async visibleTo(subjectId: string, readerId: string): Promise<Subject | null> {
    const [removed] = await this.tx.$queryRaw<{ one: number }[]>(sql`
      SELECT 1 AS one FROM removed_content WHERE subject_id = ${uuid(subjectId)}`);
    if (removed) return null;
    const [comment] = await this.tx.$queryRaw<CommentRow[]>(sql`
      SELECT post_id::text AS post_id, author_id::text AS author_id, deleted FROM comment_fact WHERE comment_id = ${uuid(subjectId)}`);
    if (comment && (comment.deleted || comment.author_id === null)) return null;

    const postId = comment ? comment.post_id : subjectId;
    const reader = uuid(readerId);
    const [post] = await this.tx.$queryRaw<{ author_id: string | null; visible: boolean; blocked: boolean; post_removed: boolean }[]>(sql`
      SELECT pa.author_id::text AS author_id,
             ${postVisibleTo({ userId: readerId }, 'pa')} AS visible,
             ${comment ? blockedEitherWay(reader, uuid(comment.author_id!)) : sql`FALSE`} AS blocked,
             EXISTS (SELECT 1 FROM removed_content rc WHERE rc.subject_id = pa.post_id) AS post_removed
      FROM post_access pa WHERE pa.post_id = ${uuid(postId)}`);
    if (!post || !post.visible || post.blocked || post.post_removed || post.author_id === null) return null;
    return comment
      ? { type: 'COMMENT', id: subjectId, postId, authorId: comment.author_id! }
      : { type: 'POST', id: subjectId, postId, authorId: post.author_id };
  }

  async findRemoved(subjectId: string): Promise<Subject | null> {
    const [row] = await this.tx.$queryRaw<Subject[]>(sql`
      SELECT subject_type AS type, subject_id::text AS id, post_id::text AS "postId", author_id::text AS "authorId"
      FROM removed_content WHERE subject_id = ${uuid(subjectId)} FOR UPDATE`);
    return row ? { ...row, type: row.type as SubjectType } : null;
  }

  async recordRemoved(subject: Subject, by: { moderatorId: string; reportId: string | null; at: Date }): Promise<void> {
    await this.tx.removedContent.create({
      data: {
        subjectId: subject.id,
        subjectType: subject.type,
        postId: subject.postId,
        authorId: subject.authorId,
        removedBy: by.moderatorId,
        reportId: by.reportId,
        removedAt: by.at,
      },
    });
  }

  async forgetRemoved(subjectId: string): Promise<void> {
    await this.tx.removedContent.delete({ where: { subjectId } });
  }
}
