import type { UserResolvers } from '../__generated__/resolvers-types';
import { parseUserPage, toUserConnection } from '../user-page';

/**
 * Social's fields of the `User` entity. A reference needs no lookup (every field loads on its
 * own); each field goes through a per-request DataLoader, so N users cost one statement per
 * field, not N.
 */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  async followers(user, args, ctx) {
    const page = parseUserPage(args);
    return toUserConnection(await ctx.loaders.list('followers', page).load(user.id), page);
  },
  async following(user, args, ctx) {
    const page = parseUserPage(args);
    return toUserConnection(await ctx.loaders.list('following', page).load(user.id), page);
  },
  followerCount: (user, _args, ctx) => ctx.loaders.followerCount.load(user.id),
  followingCount: (user, _args, ctx) => ctx.loaders.followingCount.load(user.id),
  viewerFollows: (user, _args, ctx) => (ctx.viewer ? ctx.loaders.viewerFollows.load(user.id) : false),
  viewerBlocked: (user, _args, ctx) => (ctx.viewer ? ctx.loaders.viewerBlocked.load(user.id) : false),
};
