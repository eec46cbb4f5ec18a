import { defineConsumer } from '@agora/context-runtime';
import { AccountUnsuspendedV1 } from '@agora/events';
import type { IdentityConsumerScope } from '../ports';

/**
 * moderation.account.unsuspended.v1 → the suspension is cleared (the account may sign in again;
 * its revoked sessions stay revoked). A fact older than the one stored changes nothing. Emits no event.
 */
export const liftSuspensionOnAccountUnsuspended = defineConsumer({
  name: 'LiftSuspensionOnAccountUnsuspended',
  contract: AccountUnsuspendedV1,
  async handle({ payload: { userId, unsuspendedAt } }, { suspensions }: IdentityConsumerScope) {
    await suspensions.unsuspend(userId, new Date(unsuspendedAt));
  },
});
