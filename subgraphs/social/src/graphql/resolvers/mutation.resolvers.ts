import { requireViewer } from '@agora/service-kit';
import type { Command } from '../../application/command';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import type { SocialContext } from '../context';
import { runCommand } from '../run-command';

/**
 * Thin: build the command, run the use case, forget what this request loaded before (the result's
 * fields, e.g. `viewerFollows` or `members`, must show the change).
 */
async function execute<T>(ctx: SocialContext, input: unknown, handler: { execute(command: Command): Promise<T> }): Promise<T> {
  const command: Command = { viewer: requireViewer(ctx), input, requestId: ctx.requestId };
  const result = await runCommand(() => handler.execute(command));
  ctx.loaders.clearAll();
  return result;
}

export const Mutation: MutationResolvers = {
  follow: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.follow),
  unfollow: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.unfollow),
  block: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.block),
  unblock: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.unblock),
  createCircle: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.createCircle),
  renameCircle: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.renameCircle),
  addToCircle: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.addToCircle),
  removeFromCircle: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.removeFromCircle),
  deleteCircle: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.deleteCircle),
};
