import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  comment: (_parent, { id }, ctx) => ctx.loaders.commentById.load(id),
};
