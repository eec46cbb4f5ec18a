import type { CommentResolvers } from '../__generated__/resolvers-types';
import { parseCommentPage, toCommentConnection } from '../comment-page';

/**
 * The Comment entity. References resolve through one batched, visibility-filtered lookup: a
 * comment the viewer may not read (post hidden, author in a block with the viewer, deleted)
 * resolves to null. `parent` uses the same loader; `replies` one statement per page for all parents.
 */
export const Comment: CommentResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.commentById.load(reference.id),
  post: (comment) => ({ id: comment.postId }),
  author: (comment) => ({ id: comment.authorId }),
  removedAt: (comment) => comment.removedAt ?? null,
  parent: (comment, _args, ctx) => (comment.parentId === null ? null : ctx.loaders.commentById.load(comment.parentId)),
  async replies(comment, args, ctx) {
    const page = parseCommentPage(args);
    // Replies have no replies (one level): no statement needed.
    const rows = comment.parentId === null ? await ctx.loaders.replies(page).load(comment.id) : [];
    return toCommentConnection(rows, page);
  },
};
