import type { AccountEvent } from './account.events';
import type { Email } from './email';
import { DEFAULT_ROLE, type Role } from './role';
import type { Username } from './username';

export interface AccountProps {
  id: string;
  email: Email;
  username: Username;
  createdAt: Date;
  /** MEMBER unless given (the bootstrap admin's email registers as ADMIN). */
  role?: Role;
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
  readonly role: Role;
  private pending: AccountEvent[] = [];

  private constructor(props: AccountProps) {
    this.id = props.id;
    this.email = props.email;
    this.username = props.username;
    this.createdAt = props.createdAt;
    this.role = props.role ?? DEFAULT_ROLE;
  }

  /**
   * A new account; records AccountRegistered (the credential is stored alongside by the caller),
   * and AccountRoleChanged (changedBy null) when it starts above MEMBER (the bootstrap admin).
   */
  static register(props: AccountProps): Account {
    const account = new Account(props);
    account.pending.push({
      type: 'AccountRegistered',
      accountId: props.id,
      username: props.username,
      registeredAt: props.createdAt,
    });
    if (account.role !== DEFAULT_ROLE) {
      account.pending.push({
        type: 'AccountRoleChanged',
        accountId: props.id,
        role: account.role,
        previousRole: DEFAULT_ROLE,
        changedBy: null,
        changedAt: props.createdAt,
      });
    }
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
