import { defineCommand, uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { ROLES } from '../../domain/account/role';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import type { AccountView } from '../read-models';
import { assignRole } from './assign-role';

const setRoleInputSchema = z.object({
  userId: uuidInput('Must be a valid user id'),
  role: z.enum(ROLES),
});

/**
 * `setRole` (admins): gives an account a role. The graph's `@requiresRole(role: ADMIN)` refuses
 * non-admins by their token's claim; this command checks again against the stored role (the
 * claim can be up to an access-token lifetime old), in the same serialised transaction as the
 * change. Refused: your own role (IDENTITY.OWN_ROLE — an admin cannot lock themself out or
 * promote themself past a check), the last admin's demotion (IDENTITY.LAST_ADMIN), an unknown
 * user (IDENTITY.USER_NOT_FOUND). The same role again changes nothing and emits nothing.
 */
export const setRole = defineCommand({
  name: 'setRole',
  input: setRoleInputSchema,
  viewer: 'required',
  async handle({ input: { userId, role }, actor, now, metadata }, { accounts, audit }: IdentityPorts): Promise<AccountView> {
    const result = await accounts.changeRoles(async (roles) => {
      const admin = await roles.find({ id: actor.id });
      if (admin?.role !== 'ADMIN') throw IdentityErrors.adminRequired();
      if (userId === actor.id) throw IdentityErrors.ownRole();
      const target = await roles.find({ id: userId });
      if (!target) throw IdentityErrors.userNotFound();
      if (target.role === 'ADMIN' && role !== 'ADMIN' && (await roles.countAdmins()) <= 1) throw IdentityErrors.lastAdmin();
      return assignRole(roles, target, role, { changedBy: actor.id, now, metadata });
    });
    audit.record(
      { actorId: actor.id, action: 'setRole', userId, role, previousRole: result.previousRole, changed: result.changed },
      result.changed ? 'role changed' : 'role unchanged (already held)',
    );
    return result.account;
  },
});
