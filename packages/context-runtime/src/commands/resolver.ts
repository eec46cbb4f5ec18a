import type { Viewer } from '@agora/service-kit';
import type { z } from 'zod';
import type { CommandDefinition, CommandPipeline, ViewerRule } from './command';

/** What a resolver's context must carry for `mutation(...)`: the verified viewer, the request id and the pipeline. */
export interface CommandContext<Ports> {
  viewer: Viewer | null;
  requestId: string;
  /** `BaseContext.clientIp`: handed to the command as `call.clientIp`. */
  clientIp?: string | null;
  commands: CommandPipeline<Ports>;
  /** Per-request DataLoaders; forgotten after a command, so the result's fields show the change. */
  loaders?: { clearAll(): unknown };
}

/**
 * The resolver of one mutation: `follow: mutation(followUser)`. The GraphQL `input` argument is
 * the command's input (or, with `argsAsInput`, the whole arguments object).
 */
export function mutation<Schema extends z.ZodType, Result, Ports, Rule extends ViewerRule>(
  command: CommandDefinition<Schema, Result, Ports, Rule>,
  options: { argsAsInput?: boolean } = {},
) {
  return async (_parent: unknown, args: { input?: unknown }, ctx: CommandContext<Ports>): Promise<Result> => {
    const input = options.argsAsInput ? args : args.input;
    const result = await ctx.commands.execute(command, {
      input,
      viewer: ctx.viewer,
      requestId: ctx.requestId,
      clientIp: ctx.clientIp ?? null,
    });
    ctx.loaders?.clearAll();
    return result;
  };
}
