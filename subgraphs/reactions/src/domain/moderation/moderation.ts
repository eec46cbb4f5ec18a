/**
 * A moderator's decision about a post or a comment, as reactions keeps it (from
 * moderation.content.removed.v1 / restored.v1). While a subject — or, for a comment, its post — is
 * removed, its reactions are left out of every read for everyone and nobody may react to it; the
 * reactions themselves stay, so a restoration brings the totals back exactly.
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
 * THE rule for decisions (the upsert in prisma-moderation.ts applies the same one): the newest
 * decision wins, and at equal times a removal, so the outcome does not depend on the order the
 * removal and restoration consumers see them in. Returns the decision to keep.
 */
export function nextModeration(current: ModerationDecision | undefined, decision: ModerationDecision): ModerationDecision {
  if (!current) return decision;
  const at = decision.decidedAt.getTime();
  const was = current.decidedAt.getTime();
  return at > was || (at === was && decision.removed && !current.removed) ? decision : current;
}
