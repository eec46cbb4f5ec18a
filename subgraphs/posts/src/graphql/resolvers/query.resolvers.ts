import { parseKeysetPage, toKeysetConnection } from '@agora/service-kit';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { postCursor } from './post.resolvers';

export const Query: QueryResolvers = {
  /** Visibility is applied in SQL by the loader (the same rule as `canView`). */
  async post(_, { id }, ctx) {
    return ctx.loaders.postById.load(id);
  },

  async posts(_, args, ctx) {
    const page = parseKeysetPage(args);
    return toKeysetConnection(await ctx.queries.listPublic(page.first + 1, page.after, ctx.viewer), page, postCursor);
  },
};
