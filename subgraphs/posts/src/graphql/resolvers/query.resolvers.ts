import { canView } from '../../domain/post/visibility';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { parsePostPage, toPostConnection } from '../post-page';

export const Query: QueryResolvers = {
  async post(_, { id }, ctx) {
    const post = await ctx.loaders.postById.load(id);
    return post && canView(post, ctx.viewer) ? post : null;
  },

  async posts(_, args, ctx) {
    const page = parsePostPage(args);
    return toPostConnection(await ctx.queries.listPublic(page.first + 1, page.after), page);
  },
};
