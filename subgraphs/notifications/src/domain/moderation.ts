/**
 * A moderator's decision about a post or a comment, as notifications keeps it (from
 * moderation.content.removed.v1 / restored.v1). While a subject is removed, the notifications about
 * it (post_id or comment_id = the subject) are hidden from every read, the unseen count, "mark all
 * seen" and digests, and none is created about it; they are kept, so a restoration brings back
 * those that existed.
 */
export interface ModerationDecision {
  subjectId: string;
  subjectType: 'POST' | 'COMMENT';
  /** The post itself, or the post the comment is under. */
  postId: string;
  authorId: string;
  removed: boolean;
  decidedAt: Date;
}

/**
 * THE rule for decisions (the upsert in prisma-notification-scope.ts applies the same one): the
 * newest decision wins, and at equal times a removal, so the outcome does not depend on the order
 * the removal and restoration consumers see them in. Returns the decision to keep.
 */
export function nextModeration(current: ModerationDecision | undefined, decision: ModerationDecision): ModerationDecision {
  if (!current) return decision;
  const at = decision.decidedAt.getTime();
  const was = current.decidedAt.getTime();
  return at > was || (at === was && decision.removed && !current.removed) ? decision : current;
}

/** Whether a notification (or draft) is about a removed subject: its post or its comment. */
export function aboutRemoved(item: { postId: string | null; commentId: string | null }, removed: (subjectId: string) => boolean): boolean {
  return (item.postId !== null && removed(item.postId)) || (item.commentId !== null && removed(item.commentId));
}
