import { defineCommand } from '@agora/context-runtime';
import { checkCanSuspend, suspensionEnd, type Suspension } from '../../domain/suspension/suspension';
import { requiredNote } from '../../domain/text';
import type { EntityRef } from '../views';
import { suspendUserInputSchema } from '../inputs';
import { requireModerator } from '../moderator';
import type { TransactionScope } from '../ports';

/**
 * `suspendUser` (moderators): for `days` or indefinitely; replaces a suspension in force. Nobody
 * suspends themself; only an admin suspends a moderator or an admin (roles from the replica of
 * identity's). Emits moderation.account.suspended.v1 (identity ends the sessions) and an audit row.
 */
export const suspendUser = defineCommand({
  name: 'suspendUser',
  input: suspendUserInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids, metadata }, { suspensions, roles, decisions, outbox }: TransactionScope): Promise<EntityRef> {
    requireModerator(input.actorRole);
    const reason = requiredNote(input.reason, 'reason');
    const until = suspensionEnd(now, input.days);
    checkCanSuspend({ id: actor.id, role: input.actorRole }, { id: input.userId, role: await roles.roleOf(input.userId) });
    await suspensions.findForUpdate(input.userId);
    const suspension: Suspension = { userId: input.userId, until, reason, moderatorId: actor.id, reportId: null, suspendedAt: now };
    await suspensions.save(suspension);
    await decisions.record({
      id: ids.newId(),
      moderatorId: actor.id,
      action: 'SUSPEND',
      subjectType: 'USER',
      subjectId: input.userId,
      reportId: null,
      reason,
      at: now,
    });
    await outbox.append([{ type: 'AccountSuspended', suspension }], metadata);
    return { id: input.userId };
  },
});
