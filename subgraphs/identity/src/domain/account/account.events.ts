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

export type AccountEvent = AccountRegistered | AccountEmailVerified;
