import type { EventMetadata } from '@agora/kernel';
import { appendToOutbox } from '@agora/prisma-kit';
import type { Account } from '../../domain/account/account.aggregate';
import {
  OAUTH_PROVIDERS,
  OAuthLinkConflict,
  type AccountWithVerification,
  type ExternalIdentity,
  type OAuthAccountRepository,
  type OAuthProviderName,
  type OAuthStateStore,
  type PendingOAuth,
} from '../../application/oauth/oauth.ports';
import type { NewAccountToken, NewSession, OutgoingMail } from '../../application/ports';
import type { AccountView } from '../../application/read-models';
import { toEnvelope } from '../account-events.mapper';
import { accountView, markVerified, queue } from '../prisma-account.repository';
import { insertSession } from '../prisma-session.repository';
import type { PrismaClient, TransactionClient } from '../prisma-client';
import { uniqueViolationTarget } from '../prisma-errors';

interface StateRow {
  provider: string;
  redirect_uri: string;
  code_verifier: string;
  nonce: string | null;
  created_at: Date;
  expires_at: Date;
}

/** `oauth_state`: one row per started sign-in, consumed once. */
export class PrismaOAuthStateStore implements OAuthStateStore {
  constructor(private readonly prisma: PrismaClient) {}

  async save(stateDigest: string, pending: PendingOAuth): Promise<void> {
    // Expired rows are useless (consume refuses them); the expires_at index keeps this cheap.
    await this.prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: pending.createdAt } } });
    await this.prisma.oAuthState.create({ data: { stateDigest, ...pending }, select: { stateDigest: true } });
  }

  async consume(stateDigest: string, now: Date): Promise<PendingOAuth | null> {
    // One statement is the arbiter: of two concurrent completions, the second blocks on the row
    // lock, then sees used_at set and returns nothing.
    const rows = await this.prisma.$queryRaw<StateRow[]>`
      UPDATE oauth_state SET used_at = ${now}
      WHERE state_digest = ${stateDigest} AND used_at IS NULL AND expires_at > ${now}
      RETURNING provider, redirect_uri, code_verifier, nonce, created_at, expires_at`;
    const row = rows[0];
    if (!row || !isProvider(row.provider)) return null;
    return {
      provider: row.provider,
      redirectUri: row.redirect_uri,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
    };
  }
}

function isProvider(value: string): value is OAuthProviderName {
  return (OAUTH_PROVIDERS as readonly string[]).includes(value);
}

/** Accounts as external sign-in finds, links and creates them. */
export class PrismaOAuthAccountRepository implements OAuthAccountRepository {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a commit that wrote outbox rows (wakes the relay). */
    private readonly afterOutboxCommit: () => void = () => {},
    /** Called after a commit that queued mail (wakes the mail worker). */
    private readonly afterMailCommit: () => void = () => {},
  ) {}

  async findLinked(provider: OAuthProviderName, subject: string): Promise<AccountView | null> {
    const row = await this.prisma.oAuthIdentity.findUnique({
      where: { provider_subject: { provider, subject } },
      select: { account: { select: accountView } },
    });
    return row?.account ?? null;
  }

  async findByEmail(email: string): Promise<AccountWithVerification | null> {
    const account = await this.prisma.account.findUnique({ where: { email }, select: accountView });
    return account ? { account, emailVerifiedAt: account.emailVerifiedAt } : null;
  }

  async takenUsernames(candidates: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.account.findMany({ where: { username: { in: [...candidates] } }, select: { username: true } });
    return new Set(rows.map((row) => row.username));
  }

  async link(
    accountId: string,
    identity: ExternalIdentity,
    session: NewSession,
    options: { verifiedAt: Date | null; metadata: EventMetadata },
  ): Promise<AccountView> {
    let verified = false;
    const account = await this.write(async (tx) => {
      await tx.oAuthIdentity.create({
        data: { ...identity, accountId, createdAt: session.createdAt },
        select: { provider: true },
      });
      await insertSession(tx, session);
      if (options.verifiedAt && identity.email) {
        verified = await markVerified(tx, accountId, identity.email, options.verifiedAt, options.metadata);
      }
      return tx.account.findUniqueOrThrow({ where: { id: accountId }, select: accountView });
    });
    if (verified) this.afterOutboxCommit();
    return account;
  }

  async registerExternal(
    account: Account,
    identity: ExternalIdentity,
    session: NewSession,
    options: {
      verifiedAt: Date | null;
      metadata: EventMetadata;
      verification?: { token: NewAccountToken; mail: OutgoingMail } | undefined;
    },
  ): Promise<void> {
    const { verifiedAt, metadata, verification } = options;
    const events = account.pullEvents();
    if (verifiedAt) events.push({ type: 'AccountEmailVerified', accountId: account.id, email: account.email, verifiedAt });
    const envelopes = events.map((event) => toEnvelope(event, metadata));
    await this.write(async (tx) => {
      // No credential: the account signs in through the provider (a password reset can add one).
      await tx.account.create({
        data: {
          id: account.id,
          email: account.email,
          username: account.username,
          createdAt: account.createdAt,
          role: account.role,
          emailVerifiedAt: verifiedAt,
          oauthIdentities: {
            create: { provider: identity.provider, subject: identity.subject, email: identity.email, createdAt: account.createdAt },
          },
        },
        select: { id: true },
      });
      await insertSession(tx, session);
      if (verification) await tx.accountToken.createMany({ data: [verification.token] });
      await appendToOutbox(tx, envelopes);
      await queue(tx, verification ? [verification.mail] : []);
    });
    this.afterOutboxCommit();
    if (verification) this.afterMailCommit();
  }

  /** One transaction; a unique clash becomes OAuthLinkConflict (the use case re-decides). */
  private async write<T>(work: (tx: TransactionClient) => Promise<T>): Promise<T> {
    try {
      return await this.prisma.$transaction(work);
    } catch (error) {
      const target = uniqueViolationTarget(error);
      if (target === null) throw error;
      if (/provider|subject|oauth_identity/.test(target)) throw new OAuthLinkConflict('identity');
      if (target.includes('username')) throw new OAuthLinkConflict('username');
      if (target.includes('email')) throw new OAuthLinkConflict('email');
      throw error;
    }
  }
}
