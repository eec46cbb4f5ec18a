import { z } from 'zod';
import { parseInput, requireViewer } from '@agora/service-kit';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { runCommand } from '../command-errors';
import { VISIBILITIES } from '../../domain/post/visibility';

const postId = z.uuid({ message: 'Not a post id.' });
const expectedVersion = z.number().int().min(1, { message: 'Versions start at 1.' }).nullish();
const editPostInput = z.object({
  id: postId,
  body: z.string(),
  expectedVersion,
});
const deletePostInput = z.object({ id: postId });
// Circles are validated by the domain (same rule as createPost); only the shape is checked here.
const changePostVisibilityInput = z.object({
  id: postId,
  visibility: z.enum(VISIBILITIES),
  circleIds: z.array(z.string()).nullish(),
  expectedVersion,
});
const setPostCommentsDisabledInput = z.object({ id: postId, disabled: z.boolean(), expectedVersion });

export const Mutation: MutationResolvers = {
  async createPost(_, { input }, ctx) {
    const viewer = requireViewer(ctx);
    return runCommand(() =>
      ctx.commands.publishPost.execute({
        authorId: viewer.userId,
        body: input.body,
        visibility: input.visibility ?? 'PUBLIC',
        circleIds: input.circleIds,
        commentsDisabled: input.commentsDisabled ?? false,
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

  async changePostVisibility(_, args, ctx) {
    const viewer = requireViewer(ctx);
    const input = parseInput(changePostVisibilityInput, args.input, 'POSTS');
    return runCommand(() =>
      ctx.commands.changePostVisibility.execute({
        postId: input.id,
        actorId: viewer.userId,
        visibility: input.visibility,
        circleIds: input.circleIds,
        expectedVersion: input.expectedVersion,
        correlationId: ctx.requestId,
      }),
    );
  },

  async setPostCommentsDisabled(_, args, ctx) {
    const viewer = requireViewer(ctx);
    const input = parseInput(setPostCommentsDisabledInput, args.input, 'POSTS');
    return runCommand(() =>
      ctx.commands.setPostCommentsDisabled.execute({
        postId: input.id,
        actorId: viewer.userId,
        disabled: input.disabled,
        expectedVersion: input.expectedVersion,
        correlationId: ctx.requestId,
      }),
    );
  },
};
