import type { EventMetadata } from '@agora/kernel';
import type { Account } from '../../domain/account/account.aggregate';
import type { AccountEvent } from '../../domain/account/account.events';
import type { RefreshTokenState, RevocationReason } from '../../domain/session/refresh-token';
import { IdentityErrors } from '../identity.errors';
import type {
  AccountCredential,
  AccountMails,
  AccountRepository,
  MailDraft,
  MailRecipient,
  NewAccountToken,
  NewRefreshToken,
  NewSession,
  OutgoingMail,
  PasswordChange,
  PasswordResetRequests,
  RoleAssignments,
  SessionRepository,
  StoredAccountToken,
} from '../ports';
import type { AccountView } from '../read-models';

interface StoredFamily {
  accountId: string;
  revokedAt: Date | null;
  reason: RevocationReason | null;
}

/** In-memory stand-in for the Prisma repositories, with the same uniqueness and atomicity rules. */
export class InMemoryIdentityStore implements AccountRepository, SessionRepository, PasswordResetRequests {
  readonly accounts = new Map<string, { account: AccountView; passwordHash: string | null }>();
  readonly families = new Map<string, StoredFamily>();
  readonly tokens = new Map<string, NewRefreshToken & { usedAt: Date | null }>();
  readonly accountTokens = new Map<string, NewAccountToken & { usedAt: Date | null }>();
  readonly mails: OutgoingMail[] = [];
  readonly resetRequests: { id: string; email: string; requestedAt: Date; handledAt: Date | null }[] = [];
  /** Each event with what its envelope takes from the command's metadata: the request's correlation (the actor is the new account). */
  readonly outbox: { event: AccountEvent; meta: Pick<EventMetadata, 'correlationId'> }[] = [];

  async register(
    account: Account,
    passwordHash: string,
    session: NewSession,
    metadata: EventMetadata,
    extras: { tokens?: NewAccountToken[]; mails?: OutgoingMail[] } = {},
  ): Promise<void> {
    const all = [...this.accounts.values()].map((a) => a.account);
    if (all.some((a) => a.email === account.email)) throw IdentityErrors.emailTaken();
    if (all.some((a) => a.username === account.username)) throw IdentityErrors.usernameTaken();
    const view: AccountView = {
      id: account.id,
      email: account.email,
      username: account.username,
      createdAt: account.createdAt,
      emailVerifiedAt: null,
      role: account.role,
      suspendedAt: null,
      suspendedUntil: null,
    };
    this.accounts.set(account.id, { account: view, passwordHash });
    for (const event of account.pullEvents()) this.outbox.push({ event, meta: { correlationId: metadata.correlationId } });
    for (const token of extras.tokens ?? []) this.accountTokens.set(token.id, { ...token, usedAt: null });
    this.mails.push(...(extras.mails ?? []));
    await this.start(session);
  }

  async findCredentialByEmail(email: string) {
    return this.withPassword([...this.accounts.values()].find((a) => a.account.email === email));
  }

  async findCredentialByUsername(username: string) {
    return this.withPassword([...this.accounts.values()].find((a) => a.account.username === username));
  }

  async findAccount(by: { id: string } | { email: string } | { username: string }): Promise<AccountCredential | null> {
    const found = [...this.accounts.values()].find(({ account }) =>
      'id' in by ? account.id === by.id : 'email' in by ? account.email === by.email : account.username === by.username,
    );
    return found ? { account: { ...found.account }, passwordHash: found.passwordHash } : null;
  }

  async queueMails(mails: OutgoingMail[]): Promise<void> {
    this.mails.push(...mails);
  }

  async findToken(digest: string): Promise<StoredAccountToken | null> {
    const token = [...this.accountTokens.values()].find((t) => t.digest === digest);
    if (!token) return null;
    return { ...token, account: { ...this.accounts.get(token.accountId)!.account } };
  }

  async issueToken(token: NewAccountToken, mails: OutgoingMail[]): Promise<void> {
    for (const other of this.accountTokens.values()) {
      if (other.accountId === token.accountId && other.purpose === token.purpose && other.usedAt === null) other.usedAt = token.createdAt;
    }
    this.accountTokens.set(token.id, { ...token, usedAt: null });
    this.mails.push(...mails);
  }

  async verifyEmail(tokenId: string, accountId: string, email: string, now: Date, metadata: EventMetadata): Promise<AccountView | null> {
    const token = this.accountTokens.get(tokenId);
    if (!token || token.usedAt !== null) return null;
    token.usedAt = now;
    this.markVerified(accountId, email, now, metadata);
    return { ...this.accounts.get(accountId)!.account };
  }

  async changePassword(change: PasswordChange): Promise<boolean> {
    if (change.tokenId !== undefined) {
      const token = this.accountTokens.get(change.tokenId);
      if (!token || token.usedAt !== null) return false;
      token.usedAt = change.now;
    }
    this.accounts.get(change.accountId)!.passwordHash = change.passwordHash;
    for (const family of this.families.values()) {
      if (family.accountId === change.accountId && family.revokedAt === null)
        Object.assign(family, { revokedAt: change.now, reason: change.reason });
    }
    await this.start(change.session);
    if (change.verifyEmail !== undefined) this.markVerified(change.accountId, change.verifyEmail, change.now, change.metadata);
    this.mails.push(...change.mails);
    return true;
  }

  private roleChanges: Promise<unknown> = Promise.resolve();

  /** One at a time, like the advisory lock; a failing change writes nothing (it only writes at its end). */
  async changeRoles<T>(work: (roles: RoleAssignments) => Promise<T>): Promise<T> {
    const run = this.roleChanges.then(async () => {
      const writes: (() => void)[] = [];
      const result = await work({
        find: async (by) => {
          const found = [...this.accounts.values()].find(({ account }) => ('id' in by ? account.id === by.id : account.email === by.email));
          return found ? { ...found.account } : null;
        },
        countAdmins: async () => [...this.accounts.values()].filter(({ account }) => account.role === 'ADMIN').length,
        assign: async (change, metadata) => {
          writes.push(() => {
            const stored = this.accounts.get(change.accountId)!;
            stored.account = { ...stored.account, role: change.role };
            this.outbox.push({ event: change, meta: { correlationId: metadata.correlationId } });
          });
        },
      });
      for (const write of writes) write();
      return result;
    });
    this.roleChanges = run.catch(() => undefined);
    return run;
  }

  async add(request: { id: string; email: string; requestedAt: Date }): Promise<void> {
    this.resetRequests.push({ ...request, handledAt: null });
  }

  async start(session: NewSession): Promise<void> {
    this.families.set(session.familyId, { accountId: session.accountId, revokedAt: null, reason: null });
    this.tokens.set(session.firstToken.id, { ...session.firstToken, usedAt: null });
  }

  async findByDigest(digest: string): Promise<{ token: RefreshTokenState; account: AccountView } | null> {
    const token = [...this.tokens.values()].find((t) => t.digest === digest);
    if (!token) return null;
    const family = this.families.get(token.familyId)!;
    return {
      token: {
        tokenId: token.id,
        familyId: token.familyId,
        accountId: family.accountId,
        expiresAt: token.expiresAt,
        usedAt: token.usedAt,
        familyRevokedAt: family.revokedAt,
      },
      account: this.accounts.get(family.accountId)!.account,
    };
  }

  async rotate(usedTokenId: string, next: NewRefreshToken, now: Date): Promise<boolean> {
    const used = this.tokens.get(usedTokenId);
    if (!used || used.usedAt !== null) return false;
    used.usedAt = now;
    this.tokens.set(next.id, { ...next, usedAt: null });
    return true;
  }

  async revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void> {
    const family = this.families.get(familyId);
    if (family && family.revokedAt === null) Object.assign(family, { revokedAt: now, reason });
  }

  private markVerified(accountId: string, email: string, now: Date, metadata: EventMetadata): void {
    const stored = this.accounts.get(accountId)!;
    if (stored.account.email !== email || stored.account.emailVerifiedAt !== null) return;
    stored.account = { ...stored.account, emailVerifiedAt: now };
    this.outbox.push({
      event: { type: 'AccountEmailVerified', accountId, email, verifiedAt: now },
      meta: { correlationId: metadata.correlationId },
    });
  }

  private withPassword(found: { account: AccountView; passwordHash: string | null } | undefined) {
    return found && found.passwordHash !== null ? { account: found.account, passwordHash: found.passwordHash } : null;
  }
}

/**
 * Mails whose text is `<kind> <to> <token>`, so tests can read the link's token back
 * (`tokenOf(mail)`); the real renderer is tested against the SMTP server.
 */
export class PlainAccountMails implements AccountMails {
  verifyEmail(to: MailRecipient, token: string): MailDraft {
    return this.draft('identity.verify-email', to, token);
  }
  passwordReset(to: MailRecipient, token: string): MailDraft {
    return this.draft('identity.reset-password', to, token);
  }
  passwordChanged(to: MailRecipient): MailDraft {
    return this.draft('identity.password-changed', to, '');
  }
  registrationAttempt(to: MailRecipient): MailDraft {
    return this.draft('identity.registration-attempt', to, '');
  }
  private draft(kind: string, to: MailRecipient, token: string): MailDraft {
    return { kind, to: to.email, subject: kind, text: `${kind} ${to.email} ${token}`.trim(), html: '' };
  }
}

/** The token in a PlainAccountMails mail. */
export const tokenOf = (mail: OutgoingMail): string => mail.text.split(' ')[2]!;
