import { defineConsumer } from '@agora/context-runtime';
import { AccountSuspendedV1 } from '@agora/events';
import { suspensionInForce } from '../../domain/account/suspension';
import type { IdentityConsumerScope } from '../ports';

/**
 * moderation.account.suspended.v1 → the account's suspension facts (from then on login, refresh
 * and external sign-in answer FORBIDDEN IDENTITY.SUSPENDED), and every session of the account
 * revoked in the same transaction when the suspension is in force. A fact older than the one
 * stored (an unsuspension handled first) changes nothing; a suspension whose `until` has passed is
 * recorded but no longer applies. Emits no event.
 */
export const recordSuspensionOnAccountSuspended = defineConsumer({
  name: 'RecordSuspensionOnAccountSuspended',
  contract: AccountSuspendedV1,
  async handle({ payload: { userId, suspendedAt, until } }, { suspensions }: IdentityConsumerScope, { now }) {
    const facts = { suspendedAt: new Date(suspendedAt), until: until === null ? null : new Date(until) };
    if (!(await suspensions.suspend(userId, facts))) return;
    if (suspensionInForce({ suspendedAt: facts.suspendedAt, suspendedUntil: facts.until }, now))
      await suspensions.revokeSessions(userId, now);
  },
});
