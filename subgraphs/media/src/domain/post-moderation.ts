/** A moderator's decision about a post, as media keeps it: whether the post is removed, and when that was decided. */
export interface PostModerationState {
  removed: boolean;
  decidedAt: Date;
}

/**
 * The rule for moderation decisions (the upsert in prisma-links.ts applies the same one): the
 * newest decision wins, and at equal times a removal, so the outcome does not depend on the order
 * decisions arrive in (removal and restoration are separate durable consumers). Returns the state to keep.
 */
export function nextModeration(current: PostModerationState | undefined, decision: PostModerationState): PostModerationState {
  if (!current) return decision;
  const at = decision.decidedAt.getTime();
  const was = current.decidedAt.getTime();
  return at > was || (at === was && decision.removed && !current.removed) ? decision : current;
}
