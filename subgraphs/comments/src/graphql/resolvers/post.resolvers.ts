import type { PostResolvers } from '../__generated__/resolvers-types';
import { parseCommentPage, toCommentConnection } from '../comment-page';

/**
 * Comments' fields of the `Post` entity. A reference needs no lookup (each field checks, in its
 * own batched statement, that the viewer may see the post), so N posts cost one statement per field.
 */
export const Post: PostResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async comments(post, args, ctx) {
    const page = parseCommentPage(args);
    return toCommentConnection(await ctx.loaders.comments(page).load(post.id), page);
  },
  commentCount: (post, _args, ctx) => ctx.loaders.commentCount.load(post.id),
};
