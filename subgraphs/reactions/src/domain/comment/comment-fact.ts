/**
 * What reactions knows of a comment, from comments' events: its post, its author, whether it is
 * gone. A comment can be reacted to while known and not deleted (and its post visible).
 */
export interface CommentFact {
  commentId: string;
  postId: string;
  /** Null while only a deletion that listed the comment among removed replies has arrived. */
  authorId: string | null;
  deleted: boolean;
}

export type CommentChange =
  | { kind: 'added'; commentId: string; postId: string; authorId: string }
  /** A comment's deletion: `commentIds` = the comment and its removed replies; `authorId` is the comment's. */
  | { kind: 'deleted'; postId: string; commentId: string; authorId: string; commentIds: readonly string[] };

/**
 * The facts after a change, per comment id — the rule the SQL replica applies with upserts
 * (infrastructure/prisma-comment-facts.ts). A deletion is terminal and may arrive before the
 * addition: the addition then only fills in what the tombstone lacked and never revives it.
 * Applying a change twice gives the same facts.
 */
export function nextCommentFacts(current: ReadonlyMap<string, CommentFact>, change: CommentChange): Map<string, CommentFact> {
  const next = new Map(current);
  if (change.kind === 'added') {
    const known = current.get(change.commentId);
    next.set(change.commentId, {
      commentId: change.commentId,
      postId: known?.postId ?? change.postId,
      authorId: known?.authorId ?? change.authorId,
      deleted: known?.deleted ?? false,
    });
    return next;
  }
  for (const commentId of new Set([change.commentId, ...change.commentIds])) {
    const known = current.get(commentId);
    next.set(commentId, {
      commentId,
      postId: known?.postId ?? change.postId,
      authorId: known?.authorId ?? (commentId === change.commentId ? change.authorId : null),
      deleted: true,
    });
  }
  return next;
}
