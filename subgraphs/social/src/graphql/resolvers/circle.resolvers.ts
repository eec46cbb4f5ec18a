import type { CircleResolvers } from '../__generated__/resolvers-types';
import { parseUserPage, toUserConnection } from '../user-page';

/** Circles exist only for their owner: any other reference (or no viewer) resolves to null. */
export const Circle: CircleResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.circleById.load(reference.id),
  async members(circle, args, ctx) {
    const page = parseUserPage(args);
    return toUserConnection(await ctx.loaders.list('members', page).load(circle.id), page);
  },
};
