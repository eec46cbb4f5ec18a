import { blockedEitherWay, postVisibleTo, sql } from '@agora/audience';
import type { ReactableSubjects } from '../application/ports';
import type { ReactionSubject } from '../domain/reaction/subject';
import type { Prisma } from './prisma/__generated__/client';
import { notRemoved, uuid } from './sql';

interface CommentRow {
  post_id: string;
  author_id: string | null;
  deleted: boolean;
}
interface PostRow {
  author_id: string | null;
  visible: boolean;
  blocked: boolean;
  removed: boolean;
}

/**
 * The reactable-subject check over the local replicas (moderators' removals included: a removed
 * subject, or a comment of a removed post, is not reactable). The comment's and the post's fact rows
 * are read `FOR SHARE`: a concurrent deletion (which updates them first, then removes reactions)
 * waits for this transaction, and this one waits for a deletion in progress and then sees it.
 */
export class PrismaReactableSubjects implements ReactableSubjects {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async findReactable(subjectId: string, userId: string): Promise<ReactionSubject | null> {
    const [comment] = await this.tx.$queryRaw<CommentRow[]>(sql`
      SELECT post_id::text AS post_id, author_id::text AS author_id, deleted
      FROM comment_fact WHERE comment_id = ${uuid(subjectId)} FOR SHARE`);
    if (comment && (comment.deleted || comment.author_id === null)) return null;

    const postId = comment ? comment.post_id : subjectId;
    const reader = uuid(userId);
    const [post] = await this.tx.$queryRaw<PostRow[]>(sql`
      SELECT pa.author_id::text AS author_id,
             ${postVisibleTo({ userId }, 'pa')} AS visible,
             ${comment ? blockedEitherWay(reader, uuid(comment.author_id!)) : sql`FALSE`} AS blocked,
             NOT ${notRemoved(uuid(subjectId), uuid(postId))} AS removed
      FROM post_access pa WHERE pa.post_id = ${uuid(postId)} FOR SHARE OF pa`);
    if (!post || !post.visible || post.blocked || post.removed || post.author_id === null) return null;

    return comment
      ? { id: subjectId, type: 'COMMENT', postId, authorId: comment.author_id! }
      : { id: subjectId, type: 'POST', postId, authorId: post.author_id };
  }
}
