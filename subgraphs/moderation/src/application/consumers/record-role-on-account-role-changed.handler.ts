import { defineConsumer } from '@agora/context-runtime';
import { AccountRoleChangedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * On `identity.account.role-changed.v1`: the replica of roles, which decides who a moderator may
 * suspend (only an admin suspends a moderator or an admin). The newest change (by changedAt) wins,
 * whatever the order of arrival.
 */
export const recordRoleOnAccountRoleChanged = defineConsumer({
  name: 'RecordRoleOnAccountRoleChanged',
  contract: AccountRoleChangedV1,
  async handle({ payload: { accountId, role, changedAt } }, { roles }: TransactionScope) {
    await roles.record(accountId, role, new Date(changedAt));
  },
});
