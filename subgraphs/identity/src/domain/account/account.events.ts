import type { Username } from './username';

/** Facts the Account aggregate records; infrastructure turns them into versioned contracts. */
export interface AccountRegistered {
  type: 'AccountRegistered';
  accountId: string;
  username: Username;
  registeredAt: Date;
}

export type AccountEvent = AccountRegistered;
