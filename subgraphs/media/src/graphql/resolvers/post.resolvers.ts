import type { PostResolvers } from '../__generated__/resolvers-types';

/**
 * Media's field of the `Post` entity. A reference needs no lookup: `attachments` checks the post's
 * audience in its own statement, one for every post of the request (5 posts or 50: one statement).
 */
export const Post: PostResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  attachments: (post, _args, ctx) => ctx.loaders.attachments.load(post.id),
};
