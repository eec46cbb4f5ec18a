import { z } from 'zod';
import { parseInput, requireViewer } from '@agora/service-kit';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { runCommand } from '../command-errors';

const postId = z.uuid({ message: 'Not a post id.' });
const editPostInput = z.object({
  id: postId,
  body: z.string(),
  expectedVersion: z.number().int().min(1, { message: 'Versions start at 1.' }).nullish(),
});
const deletePostInput = z.object({ id: postId });

export const Mutation: MutationResolvers = {
  async createPost(_, { input }, ctx) {
    const viewer = requireViewer(ctx);
    return runCommand(() =>
      ctx.commands.publishPost.execute({
        authorId: viewer.userId,
        body: input.body,
        visibility: input.visibility ?? 'PUBLIC',
        circleIds: input.circleIds,
        correlationId: ctx.requestId,
      }),
    );
  },

  async editPost(_, args, ctx) {
    const viewer = requireViewer(ctx);
    const input = parseInput(editPostInput, args.input, 'POSTS');
    return runCommand(() =>
      ctx.commands.editPost.execute({
        postId: input.id,
        editorId: viewer.userId,
        body: input.body,
        expectedVersion: input.expectedVersion,
        correlationId: ctx.requestId,
      }),
    );
  },

  async deletePost(_, args, ctx) {
    const viewer = requireViewer(ctx);
    const input = parseInput(deletePostInput, args.input, 'POSTS');
    await runCommand(() =>
      ctx.commands.deletePost.execute({ postId: input.id, actorId: viewer.userId, correlationId: ctx.requestId }),
    );
    return true;
  },
};
