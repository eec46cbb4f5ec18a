import { canView } from '../../domain/post/visibility';
import type { PostResolvers } from '../__generated__/resolvers-types';

export const Post: PostResolvers = {
  /** Batched (one statement per batch of `_entities`); hidden and deleted posts resolve to null. */
  async __resolveReference(reference, ctx) {
    const post = await ctx.loaders.postById.load(reference.id);
    return post && canView(post, ctx.viewer) ? post : null;
  },

  author: (post) => ({ __typename: 'User', id: post.authorId }),
};
