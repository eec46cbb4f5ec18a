import type { AlbumResolvers } from '../__generated__/resolvers-types';
import { parsePositionPage, toItemConnection } from '../pages';

/** The Album entity: references, covers and item pages each cost one statement for all albums of a request. */
export const Album: AlbumResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.albumById.load(reference.id),
  owner: (album) => ({ id: album.ownerId }),
  cover: (album, _args, ctx) => ctx.loaders.cover.load(album.id),
  async items(album, args, ctx) {
    const page = parsePositionPage(args);
    return toItemConnection(await ctx.loaders.albumItems(page).load(album.id), page);
  },
};
