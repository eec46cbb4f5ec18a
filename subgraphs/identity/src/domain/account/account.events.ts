import type { Role } from './role';
import type { Username } from './username';

/** Facts the Account aggregate records; infrastructure turns them into versioned contracts. */
export interface AccountRegistered {
  type: 'AccountRegistered';
  accountId: string;
  username: Username;
  registeredAt: Date;
}

/** The person proved they read mail at `email` (verification link or password reset). */
export interface AccountEmailVerified {
  type: 'AccountEmailVerified';
  accountId: string;
  email: string;
  verifiedAt: Date;
}

/** An account's role changed: by an admin (`changedBy`), or by the bootstrap / admin:grant (null). */
export interface AccountRoleChanged {
  type: 'AccountRoleChanged';
  accountId: string;
  role: Role;
  previousRole: Role;
  changedBy: string | null;
  changedAt: Date;
}

export type AccountEvent = AccountRegistered | AccountEmailVerified | AccountRoleChanged;
