import { DEFAULT_ROLE, type Role } from '../../domain/account/role';
import type { IdentityPolicy } from '../ports';

/** A new account's role: ADMIN for AGORA_BOOTSTRAP_ADMIN_EMAIL (whichever way it registers), MEMBER otherwise. */
export function initialRole(email: string, policy: IdentityPolicy): Role {
  return policy.bootstrapAdminEmail !== null && email === policy.bootstrapAdminEmail ? 'ADMIN' : DEFAULT_ROLE;
}
