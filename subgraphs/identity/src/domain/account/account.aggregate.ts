import type { AccountEvent } from './account.events';
import type { Email } from './email';
import type { Username } from './username';

export interface AccountProps {
  id: string;
  email: Email;
  username: Username;
  createdAt: Date;
}

/**
 * The root of a person's identity. Its email and username are unique across the context (the
 * database's unique constraints are the arbiter, because two registrations can race).
 */
export class Account {
  readonly id: string;
  readonly email: Email;
  readonly username: Username;
  readonly createdAt: Date;
  private pending: AccountEvent[] = [];

  private constructor(props: AccountProps) {
    this.id = props.id;
    this.email = props.email;
    this.username = props.username;
    this.createdAt = props.createdAt;
  }

  /** A new account; records AccountRegistered (the credential is stored alongside by the caller). */
  static register(props: AccountProps): Account {
    const account = new Account(props);
    account.pending.push({
      type: 'AccountRegistered',
      accountId: props.id,
      username: props.username,
      registeredAt: props.createdAt,
    });
    return account;
  }

  /** Rebuilds a stored account; records nothing. */
  static restore(props: AccountProps): Account {
    return new Account(props);
  }

  /** Events recorded since the last call, oldest first. */
  pullEvents(): AccountEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
