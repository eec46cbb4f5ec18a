import { defineConsumer } from '@agora/context-runtime';
import { AccountRegisteredV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * Keeps social's replica of known accounts: follows and blocks may only target an account that
 * exists. A second registration event of the same account (another id) changes nothing. Emits no
 * event.
 */
export const recordAccountOnAccountRegistered = defineConsumer({
  name: 'RecordAccountOnAccountRegistered',
  contract: AccountRegisteredV1,
  async handle({ payload: { accountId, username, registeredAt } }, { accounts }: TransactionScope, { now }) {
    await accounts.record({ id: accountId, username, registeredAt: new Date(registeredAt) }, now);
  },
});
