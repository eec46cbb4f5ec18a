import { isUuid, type EventMetadata } from '@agora/kernel';
import { enqueueMail } from '@agora/mail';
import { appendToOutbox } from '@agora/prisma-kit';
import type { Account } from '../domain/account/account.aggregate';
import { IdentityErrors } from '../application/identity.errors';
import type {
  AccountCredential,
  AccountReader,
  AccountRepository,
  NewAccountToken,
  NewSession,
  OutgoingMail,
  PasswordChange,
  RoleAssignments,
  StoredAccountToken,
} from '../application/ports';
import type { AccountView } from '../application/read-models';
import { toEnvelope } from './account-events.mapper';
import { accountView } from './account-view.select';
import type { PrismaClient, TransactionClient } from './prisma-client';
import { insertSession } from './prisma-session.repository';
import { uniqueViolationTarget } from './prisma-errors';

export { accountView };

/** Every role change takes this transaction-scoped advisory lock: they run one at a time. */
const ROLE_CHANGE_LOCK = 0x1d_0001;

export class PrismaAccountRepository implements AccountRepository, AccountReader {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a commit that wrote outbox rows (wakes the relay). */
    private readonly afterOutboxCommit: () => void = () => {},
    /** Called after a commit that queued mail (wakes the mail worker). */
    private readonly afterMailCommit: () => void = () => {},
  ) {}

  async register(
    account: Account,
    passwordHash: string,
    session: NewSession,
    metadata: EventMetadata,
    extras: { tokens?: NewAccountToken[]; mails?: OutgoingMail[] } = {},
  ): Promise<void> {
    const envelopes = account.pullEvents().map((event) => toEnvelope(event, metadata));
    const { firstToken } = session;
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.account.create({
          data: {
            id: account.id,
            email: account.email,
            username: account.username,
            createdAt: account.createdAt,
            role: account.role,
            credential: { create: { passwordHash, updatedAt: account.createdAt } },
            families: {
              create: {
                id: session.familyId,
                createdAt: session.createdAt,
                tokens: {
                  create: {
                    id: firstToken.id,
                    digest: firstToken.digest,
                    createdAt: firstToken.createdAt,
                    expiresAt: firstToken.expiresAt,
                  },
                },
              },
            },
          },
          select: { id: true },
        });
        if (extras.tokens?.length) await tx.accountToken.createMany({ data: extras.tokens });
        await appendToOutbox(tx, envelopes);
        await queue(tx, extras.mails ?? []);
      });
    } catch (error) {
      throw translateUniqueViolation(error);
    }
    this.afterOutboxCommit();
    if (extras.mails?.length) this.afterMailCommit();
  }

  findCredentialByEmail(email: string) {
    return this.findCredential({ email });
  }

  findCredentialByUsername(username: string) {
    return this.findCredential({ username });
  }

  async findAccount(by: { id: string } | { email: string } | { username: string }): Promise<AccountCredential | null> {
    if ('id' in by && !isUuid(by.id)) return null;
    const row = await this.prisma.account.findUnique({
      where: by,
      select: { ...accountView, credential: { select: { passwordHash: true } } },
    });
    if (!row) return null;
    const { credential, ...account } = row;
    return { account, passwordHash: credential?.passwordHash ?? null };
  }

  async queueMails(mails: OutgoingMail[]): Promise<void> {
    if (mails.length === 0) return;
    await queue(this.prisma, mails);
    this.afterMailCommit();
  }

  async findToken(digest: string): Promise<StoredAccountToken | null> {
    const row = await this.prisma.accountToken.findUnique({
      where: { digest },
      select: {
        id: true,
        accountId: true,
        purpose: true,
        email: true,
        expiresAt: true,
        usedAt: true,
        account: { select: accountView },
      },
    });
    return row;
  }

  async issueToken(token: NewAccountToken, mails: OutgoingMail[]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.accountToken.updateMany({
        where: { accountId: token.accountId, purpose: token.purpose, usedAt: null },
        data: { usedAt: token.createdAt },
      });
      await tx.accountToken.create({ data: token, select: { id: true } });
      await queue(tx, mails);
    });
    if (mails.length) this.afterMailCommit();
  }

  async verifyEmail(tokenId: string, accountId: string, email: string, now: Date, metadata: EventMetadata): Promise<AccountView | null> {
    let verified = false;
    const account = await this.prisma.$transaction(async (tx) => {
      const used = await tx.accountToken.updateMany({ where: { id: tokenId, usedAt: null }, data: { usedAt: now } });
      if (used.count !== 1) return null;
      verified = await markVerified(tx, accountId, email, now, metadata);
      return tx.account.findUniqueOrThrow({ where: { id: accountId }, select: accountView });
    });
    if (verified) this.afterOutboxCommit();
    return account;
  }

  async changePassword(change: PasswordChange): Promise<boolean> {
    const { accountId, passwordHash, session, now, tokenId, verifyEmail, metadata, mails, reason } = change;
    let verified = false;
    const changed = await this.prisma.$transaction(async (tx) => {
      if (tokenId !== undefined) {
        const used = await tx.accountToken.updateMany({ where: { id: tokenId, usedAt: null }, data: { usedAt: now } });
        if (used.count !== 1) return false;
      }
      await tx.credential.upsert({
        where: { accountId },
        create: { accountId, passwordHash, updatedAt: now },
        update: { passwordHash, updatedAt: now },
        select: { accountId: true },
      });
      // Every session of the account ends — the new one starts below.
      await tx.refreshTokenFamily.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
      await insertSession(tx, session);
      if (verifyEmail !== undefined) verified = await markVerified(tx, accountId, verifyEmail, now, metadata);
      await queue(tx, mails);
      return true;
    });
    if (verified) this.afterOutboxCommit();
    if (changed && mails.length) this.afterMailCommit();
    return changed;
  }

  async changeRoles<T>(work: (roles: RoleAssignments) => Promise<T>): Promise<T> {
    let assigned = false;
    const result = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ROLE_CHANGE_LOCK})`);
      return work({
        find: async (by) => {
          if ('id' in by && !isUuid(by.id)) return null;
          return tx.account.findUnique({ where: by, select: accountView });
        },
        countAdmins: () => tx.account.count({ where: { role: 'ADMIN' } }),
        assign: async (change, metadata) => {
          await tx.account.update({ where: { id: change.accountId }, data: { role: change.role }, select: { id: true } });
          await appendToOutbox(tx, [toEnvelope(change, metadata)]);
          assigned = true;
        },
      });
    });
    if (assigned) this.afterOutboxCommit();
    return result;
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    // A non-UUID (e.g. a forged entity reference) would make Postgres fail the whole batch.
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.prisma.account.findMany({ where: { id: { in: valid } }, select: accountView });
  }

  async findByUsernames(usernames: readonly string[]): Promise<AccountView[]> {
    return this.prisma.account.findMany({ where: { username: { in: [...usernames] } }, select: accountView });
  }

  private async findCredential(where: { email: string } | { username: string }) {
    const row = await this.prisma.account.findUnique({
      where,
      select: { ...accountView, credential: { select: { passwordHash: true } } },
    });
    if (!row?.credential) return null;
    const { credential, ...account } = row;
    return { account, passwordHash: credential.passwordHash };
  }
}

/**
 * Marks the email verified when the account still has this address and is unverified, and
 * appends identity.account.email-verified.v1 in the same transaction. True when it did.
 */
export async function markVerified(
  tx: TransactionClient,
  accountId: string,
  email: string,
  now: Date,
  metadata: EventMetadata,
): Promise<boolean> {
  const { count } = await tx.account.updateMany({ where: { id: accountId, email, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
  if (count !== 1) return false;
  await appendToOutbox(tx, [toEnvelope({ type: 'AccountEmailVerified', accountId, email, verifiedAt: now }, metadata)]);
  return true;
}

/** Mail rows (the @agora/mail outbox) in the caller's transaction. */
export async function queue(tx: Parameters<typeof enqueueMail>[0], mails: readonly OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  await enqueueMail(tx, mails);
}

/** The unique constraints decide races between registrations; name the field that clashed. */
function translateUniqueViolation(error: unknown): unknown {
  const target = uniqueViolationTarget(error);
  if (target === null) return error;
  if (target.includes('email')) return IdentityErrors.emailTaken();
  if (target.includes('username')) return IdentityErrors.usernameTaken();
  return error;
}
