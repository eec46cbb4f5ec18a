import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  mediaItem: (_parent, { id }, ctx) => ctx.loaders.itemById.load(id),
  album: (_parent, { id }, ctx) => ctx.loaders.albumById.load(id),
};
