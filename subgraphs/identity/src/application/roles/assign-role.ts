import type { EventMetadata } from '@agora/kernel';
import type { Role } from '../../domain/account/role';
import type { RoleAssignments } from '../ports';
import type { AccountView } from '../read-models';

export interface RoleAssignment {
  account: AccountView;
  previousRole: Role;
  /** False when the account had the role already (nothing written, no event). */
  changed: boolean;
}

/**
 * Gives `account` the role inside a role-change transaction: sets it and records
 * identity.account.role-changed.v1 (`changedBy`: the admin, null for the bootstrap and
 * admin:grant), or does nothing when it has that role already — what makes the bootstrap and
 * admin:grant idempotent.
 */
export async function assignRole(
  roles: RoleAssignments,
  account: AccountView,
  role: Role,
  change: { changedBy: string | null; now: Date; metadata: EventMetadata },
): Promise<RoleAssignment> {
  if (account.role === role) return { account, previousRole: role, changed: false };
  await roles.assign(
    {
      type: 'AccountRoleChanged',
      accountId: account.id,
      role,
      previousRole: account.role,
      changedBy: change.changedBy,
      changedAt: change.now,
    },
    change.metadata,
  );
  return { account: { ...account, role }, previousRole: account.role, changed: true };
}
