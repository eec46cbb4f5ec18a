import { requireViewer } from '@agora/service-kit';
import type { Command } from '../../application/command';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import type { ReactionsContext } from '../context';
import { runCommand } from '../run-command';

/** Thin: build the command, run the use case, forget what this request loaded before. */
async function execute<T>(ctx: ReactionsContext, input: unknown, handler: { execute(command: Command): Promise<T> }): Promise<T> {
  const command: Command = { viewer: requireViewer(ctx), input, requestId: ctx.requestId };
  const result = await runCommand(() => handler.execute(command));
  ctx.loaders.clearAll();
  return result;
}

export const Mutation: MutationResolvers = {
  react: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.react),
  unreact: (_parent, { input }, ctx) => execute(ctx, input, ctx.commands.unreact),
};
