import type { UserResolvers } from '../__generated__/resolvers-types';
import { parseAlbumPage, toAlbumConnection } from '../pages';

/** Media's fields of the `User` entity; a reference needs no lookup, each field is one batched statement. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  avatar: async (user, _args, ctx) => (await ctx.loaders.profileImages.load(user.id)).AVATAR ?? null,
  banner: async (user, _args, ctx) => (await ctx.loaders.profileImages.load(user.id)).BANNER ?? null,
  async albums(user, args, ctx) {
    const page = parseAlbumPage(args);
    return toAlbumConnection(await ctx.loaders.albums(page).load(user.id), page);
  },
};
