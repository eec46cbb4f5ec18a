import { parseKeysetPage, toKeysetConnection } from '@agora/service-kit';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { postCursor } from './post.resolvers';

export const User: UserResolvers = {
  /** Batched: every user of the operation asking for the same page costs one statement together. */
  async posts(user, args, ctx) {
    const page = parseKeysetPage(args);
    return toKeysetConnection(await ctx.loaders.postsByAuthor(page).load(user.id), page, postCursor);
  },
};
