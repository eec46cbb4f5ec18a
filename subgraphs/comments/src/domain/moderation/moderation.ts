/**
 * A moderator's decision about a post or a comment, as comments keeps it (from
 * moderation.content.removed.v1 / restored.v1): whether the subject is removed, and when that was
 * decided. Nothing is deleted by a removal, so a restoration brings back exactly what was there.
 */
export interface ModerationDecision {
  subjectId: string;
  subjectType: 'POST' | 'COMMENT';
  /** The post itself, or the post the comment is under. */
  postId: string;
  /** The subject's author: the only one (with moderators) who still sees it while removed. */
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

/**
 * Whether a comment is hidden from `viewerId` by the removals standing over it (of the comment
 * itself, of its parent, of its post): a removed subject, and everything under it, stays visible
 * only to that subject's author (and moderators, who are not asked here). The SQL form is
 * `notRemovedFor` in infrastructure/sql.ts.
 */
export function hiddenByRemovals(removals: readonly Pick<ModerationDecision, 'authorId'>[], viewerId: string | null): boolean {
  return removals.some((removal) => removal.authorId !== viewerId);
}
