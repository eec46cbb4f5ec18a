/** A moderation decision about a post, as the feed keeps it: whether the post is removed, and when that was decided. */
export interface PostModeration {
  postId: string;
  removed: boolean;
  decidedAt: Date;
}

/**
 * THE rule for moderation decisions (the SQL in prisma-timeline.store.ts applies the same one):
 * the newest decision wins, and at equal times a removal — so the outcome is the same whatever
 * order decisions arrive in (rebuilds compare hashes). Returns the decision to keep.
 */
export function nextModeration(current: PostModeration | undefined, decision: PostModeration): PostModeration {
  if (!current) return decision;
  const newer =
    decision.decidedAt.getTime() > current.decidedAt.getTime() ||
    (decision.decidedAt.getTime() === current.decidedAt.getTime() && decision.removed && !current.removed);
  return newer ? decision : current;
}
