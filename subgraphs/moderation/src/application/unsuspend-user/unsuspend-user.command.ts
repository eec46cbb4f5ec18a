import { defineCommand } from '@agora/context-runtime';
import type { EntityRef } from '../views';
import { unsuspendUserInputSchema } from '../inputs';
import { requireModerator } from '../moderator';
import type { TransactionScope } from '../ports';

/**
 * `unsuspendUser` (moderators): lifts the account's suspension (an expired one too) with
 * moderation.account.unsuspended.v1 and an audit row. Idempotent: an account without a suspension
 * is answered as it is, with no event.
 */
export const unsuspendUser = defineCommand({
  name: 'unsuspendUser',
  input: unsuspendUserInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids, metadata }, { suspensions, decisions, outbox }: TransactionScope): Promise<EntityRef> {
    requireModerator(input.actorRole);
    const current = await suspensions.findForUpdate(input.userId);
    if (current) {
      await suspensions.remove(input.userId);
      await decisions.record({
        id: ids.newId(),
        moderatorId: actor.id,
        action: 'UNSUSPEND',
        subjectType: 'USER',
        subjectId: input.userId,
        reportId: null,
        reason: null,
        at: now,
      });
      await outbox.append([{ type: 'AccountUnsuspended', userId: input.userId, moderatorId: actor.id, at: now }], metadata);
    }
    return { id: input.userId };
  },
});
