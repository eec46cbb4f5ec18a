import type { CommandDefinition } from '@agora/context-runtime';
import { DomainError } from '@agora/kernel';
import { hasRole, requireViewer, type Viewer } from '@agora/service-kit';
import type { z } from 'zod';
import type { TransactionScope } from '../application/ports';
import type { ModerationContext } from './context';

/** The viewer's role as the signed identity header says (MEMBER when it says none). */
export const roleOf = (viewer: Pick<Viewer, 'role'> | null): 'MEMBER' | 'MODERATOR' | 'ADMIN' => viewer?.role ?? 'MEMBER';

/**
 * The same refusal as `@requiresRole(role: MODERATOR)` (UNAUTHENTICATED without a viewer,
 * FORBIDDEN AUTH.ROLE_REQUIRED without the role), checked by the resolvers too: defence in depth,
 * whether or not the shared server enforces the directive.
 */
export function requireModerator(ctx: Pick<ModerationContext, 'viewer'>): Viewer {
  const viewer = requireViewer(ctx);
  if (!hasRole(viewer, 'MODERATOR')) throw new DomainError('FORBIDDEN', 'AUTH.ROLE_REQUIRED', 'Moderators only');
  return viewer;
}

/**
 * The resolver of a moderator mutation: the role checked (above), the command run with the
 * viewer's role added to its input (`actorRole`, which the GraphQL input types do not have, so no
 * client can set it; the command checks it again), this request's loaders forgotten, and one log
 * line with the actor and what was decided.
 */
export function moderatorMutation<Schema extends z.ZodType, Result>(
  command: CommandDefinition<Schema, Result, TransactionScope, 'required'>,
  describe: (input: Record<string, unknown>, result: Result) => Record<string, unknown>,
) {
  return async (_parent: unknown, args: { input?: unknown }, ctx: ModerationContext): Promise<Result> => {
    const viewer = requireModerator(ctx);
    const input = { ...((args.input ?? {}) as Record<string, unknown>), actorRole: roleOf(viewer) };
    const result = await ctx.commands.execute(command, { input, viewer, requestId: ctx.requestId, clientIp: ctx.clientIp });
    ctx.loaders.clearAll();
    ctx.logger.info({ actorId: viewer.userId, action: command.name, ...describe(input, result) }, `moderation: ${command.name}`);
    return result;
  };
}
