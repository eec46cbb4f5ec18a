import type { CommentResolvers, PostResolvers } from '../__generated__/resolvers-types';

/**
 * Reactions' fields of the `Post` and `Comment` entities. A reference needs no lookup (every
 * field loads on its own, and answers [] / null for a subject the viewer may not see); each field
 * goes through a per-request DataLoader, so N subjects cost one statement per field, not N.
 */
export const Post: PostResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  reactions: (post, _args, ctx) => ctx.loaders.totals.POST.load(post.id),
  viewerReaction: (post, _args, ctx) => (ctx.viewer ? ctx.loaders.viewerReaction.POST.load(post.id) : null),
};

export const Comment: CommentResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  reactions: (comment, _args, ctx) => ctx.loaders.totals.COMMENT.load(comment.id),
  viewerReaction: (comment, _args, ctx) => (ctx.viewer ? ctx.loaders.viewerReaction.COMMENT.load(comment.id) : null),
};
