import type { Clock, IdGenerator } from '@agora/kernel';
import type { AccountRepository, AuditLog } from '../ports';
import { assignRole, type RoleAssignment } from './assign-role';

/**
 * Makes the account with this email ADMIN, outside any request: AGORA_BOOTSTRAP_ADMIN_EMAIL at
 * start and `npm run admin:grant -- <email>`. Idempotent (an admin already: nothing written, no
 * event); the event's `changedBy` is null. Null when no account has the email.
 */
export async function grantAdmin(
  email: string,
  deps: { accounts: AccountRepository; clock: Clock; ids: IdGenerator; audit: AuditLog },
  via: 'bootstrap' | 'admin:grant',
): Promise<RoleAssignment | null> {
  const now = deps.clock.now();
  const normalised = email.trim().toLowerCase();
  const result = await deps.accounts.changeRoles(async (roles) => {
    const account = await roles.find({ email: normalised });
    if (!account) return null;
    return assignRole(roles, account, 'ADMIN', {
      changedBy: null,
      now,
      metadata: { correlationId: deps.ids.newId(), causationId: null, actorId: null },
    });
  });
  if (result) {
    deps.audit.record(
      { actorId: null, action: via, userId: result.account.id, role: 'ADMIN', previousRole: result.previousRole, changed: result.changed },
      result.changed ? 'admin granted' : 'admin already',
    );
  }
  return result;
}
