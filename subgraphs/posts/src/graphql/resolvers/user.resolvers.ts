import type { UserResolvers } from '../__generated__/resolvers-types';
import { parsePostPage, toPostConnection } from '../post-page';

export const User: UserResolvers = {
  /** Batched: every user of the operation asking for the same page costs one statement together. */
  async posts(user, args, ctx) {
    const page = parsePostPage(args);
    return toPostConnection(await ctx.loaders.postsByAuthor(page).load(user.id), page);
  },
};
