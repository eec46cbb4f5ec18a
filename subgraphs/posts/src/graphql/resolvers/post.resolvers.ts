import type { KeysetCursor } from '@agora/service-kit';
import type { PostSnapshot } from '../../domain/post/post.aggregate';
import type { PostResolvers } from '../__generated__/resolvers-types';

/** A post's place in every list of posts: `(created_at desc, id desc)`. */
export const postCursor = (post: PostSnapshot): KeysetCursor => ({ at: post.createdAt, id: post.id });

export const Post: PostResolvers = {
  /** Batched (one statement per batch of `_entities`); hidden and deleted posts resolve to null. */
  async __resolveReference(reference, ctx) {
    return ctx.loaders.postById.load(reference.id);
  },

  author: (post) => ({ __typename: 'User', id: post.authorId }),

  /** Author only (others get an empty list, not an error that would null the whole post); batched. */
  async revisions(post, _, ctx) {
    if (ctx.viewer?.userId !== post.authorId) return [];
    return ctx.loaders.revisionsByPost.load(post.id);
  },
};
