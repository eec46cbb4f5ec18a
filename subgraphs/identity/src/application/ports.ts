/**
 * What the use cases need from the outside world. Infrastructure implements these with Prisma,
 * argon2, jose and node:crypto; use-case tests use the in-memory store in `testing/`.
 * Clock, IdGenerator and EventMetadata are the kernel's.
 */
import type { CommandRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Account } from '../domain/account/account.aggregate';
import type { AccountRoleChanged } from '../domain/account/account.events';
import type { Role } from '../domain/account/role';
import type { RefreshTokenState, RevocationReason } from '../domain/session/refresh-token';
import type { OAuthPorts } from './oauth/oauth.ports';
import type { RateLimits } from './rate-limits';
import type { AccountView } from './read-models';
import type { SessionIssuer } from './session/session-issuer';
import type { NewMail } from '@agora/mail';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * `storedHash` null (unknown login) still runs a full verification against a dummy hash, so the
   * response time does not reveal whether the login exists; returns false then.
   */
  verify(storedHash: string | null, password: string): Promise<boolean>;
}

export interface AccessToken {
  token: string;
  expiresAt: Date;
}
export interface AccessTokenIssuer {
  /** `emailVerified` becomes the token's `email_verified` claim, `role` its `role` claim. */
  issue(subject: { accountId: string; username: string; emailVerified: boolean; role: Role }, now: Date): Promise<AccessToken>;
}

/** Opaque secrets (refresh tokens, and the tokens in mailed links); only their digest is ever stored. */
export interface RefreshTokenSecrets {
  generate(): { token: string; digest: string };
  digest(token: string): string;
}

/** A mail as a use case asks for it (`id`: idempotency key and Message-ID); the repository queues it with the change. */
export type OutgoingMail = NewMail;
export type MailDraft = Omit<OutgoingMail, 'id' | 'createdAt'>;

/** Who a mail is for. */
export interface MailRecipient {
  email: string;
  username: string;
}

/** Identity's mails (content and links); infrastructure renders them with @agora/mail. */
export interface AccountMails {
  verifyEmail(to: MailRecipient, token: string): MailDraft;
  passwordReset(to: MailRecipient, token: string): MailDraft;
  passwordChanged(to: MailRecipient): MailDraft;
  /** "Someone tried to register with your email" (enumeration-safe registration). */
  registrationAttempt(to: MailRecipient): MailDraft;
}

export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** A single-use token mailed in a link; only its digest is stored. */
export interface NewAccountToken {
  id: string;
  accountId: string;
  purpose: AccountTokenPurpose;
  digest: string;
  /** The address the link went to. */
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface StoredAccountToken {
  id: string;
  accountId: string;
  purpose: AccountTokenPurpose;
  email: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  account: AccountView;
}

/** An account with its password hash (null for an account created by an external sign-in). */
export interface AccountCredential {
  account: AccountView;
  passwordHash: string | null;
}

/** What `resetPassword` / `changePassword` store in one transaction. */
export interface PasswordChange {
  accountId: string;
  passwordHash: string;
  /** Every existing family of the account is revoked; this one starts. */
  session: NewSession;
  now: Date;
  reason: 'password_reset' | 'password_changed';
  /** resetPassword: the token to consume (the change is refused, storing nothing, when it was used meanwhile). */
  tokenId?: string;
  /** resetPassword of an unverified account: the email the reset link proved (marks it verified + event). */
  verifyEmail?: string;
  metadata: EventMetadata;
  mails: OutgoingMail[];
}

export interface NewRefreshToken {
  id: string;
  familyId: string;
  digest: string;
  createdAt: Date;
  expiresAt: Date;
}
/** A family and its first token. */
export interface NewSession {
  familyId: string;
  accountId: string;
  createdAt: Date;
  firstToken: NewRefreshToken;
}

export interface AccountRepository {
  /**
   * Stores the account, its credential, its recorded events (outbox) and its first session in
   * ONE transaction. Throws IDENTITY.EMAIL_TAKEN / IDENTITY.USERNAME_TAKEN on a unique clash.
   * The event's correlation is the request's (`metadata.correlationId`); its actor is the new account.
   */
  register(
    account: Account,
    passwordHash: string,
    session: NewSession,
    metadata: EventMetadata,
    /** Written in the same transaction: the verification token and its mail. */
    extras?: { tokens?: NewAccountToken[]; mails?: OutgoingMail[] },
  ): Promise<void>;
  findCredentialByEmail(email: string): Promise<{ account: AccountView; passwordHash: string } | null>;
  findCredentialByUsername(username: string): Promise<{ account: AccountView; passwordHash: string } | null>;
  /** The account (with or without a credential) by id, email or username (lowercase). */
  findAccount(by: { id: string } | { email: string } | { username: string }): Promise<AccountCredential | null>;
  /** Queues mails on their own (e.g. "someone tried to register with your email"). */
  queueMails(mails: OutgoingMail[]): Promise<void>;
  /** The token with this digest (any state), with its account. */
  findToken(digest: string): Promise<StoredAccountToken | null>;
  /** ONE transaction: retires the account's other unused tokens of the purpose, stores this one, queues the mails. */
  issueToken(token: NewAccountToken, mails: OutgoingMail[]): Promise<void>;
  /**
   * ONE transaction: consumes the token (false, storing nothing, when it was used meanwhile),
   * marks the account's email verified when it still is this `email` and unverified, and appends
   * identity.account.email-verified.v1 then. Returns the account as it is after.
   */
  verifyEmail(tokenId: string, accountId: string, email: string, now: Date, metadata: EventMetadata): Promise<AccountView | null>;
  /** ONE transaction, see PasswordChange. False (nothing stored) when the reset token was used meanwhile. */
  changePassword(change: PasswordChange): Promise<boolean>;
  /**
   * Runs `work` in ONE transaction, serialised with every other role change (so two admins
   * demoting each other cannot both pass the last-admin check).
   */
  changeRoles<T>(work: (roles: RoleAssignments) => Promise<T>): Promise<T>;
}

/** Roles as one serialised role-change transaction sees them. */
export interface RoleAssignments {
  find(by: { id: string } | { email: string }): Promise<AccountView | null>;
  countAdmins(): Promise<number>;
  /** Sets the account's role and appends identity.account.role-changed.v1 to the outbox. */
  assign(change: AccountRoleChanged, metadata: EventMetadata): Promise<void>;
}

/** Suspension facts, in the transaction of the consumed moderation event (with its inbox row). */
export interface SuspensionStore {
  /**
   * Records the suspension unless a later moderation fact (`asOf`) is stored already; true when
   * recorded. An unknown account records nothing (false).
   */
  suspend(accountId: string, facts: { suspendedAt: Date; until: Date | null }): Promise<boolean>;
  /** Clears the suspension unless a later fact is stored already; true when applied. */
  unsuspend(accountId: string, unsuspendedAt: Date): Promise<boolean>;
  /** Revokes every unrevoked refresh-token family of the account (`suspended`); how many. */
  revokeSessions(accountId: string, now: Date): Promise<number>;
}

/** What a consumer of identity gets in its transaction. */
export interface IdentityConsumerScope {
  suspensions: SuspensionStore;
}

/** One line per admin action (who did what), e.g. pino. */
export interface AuditLog {
  record(entry: { actorId: string | null; action: string } & Record<string, unknown>, message: string): void;
}

/** `requestPasswordReset` only inserts; a background processor handles the rows (see PasswordResetProcessor). */
export interface PasswordResetRequests {
  add(request: { id: string; email: string; requestedAt: Date }): Promise<void>;
}

export interface SessionRepository {
  start(session: NewSession): Promise<void>;
  /** The token with its family state and owner, by the digest of the presented secret. */
  findByDigest(digest: string): Promise<{ token: RefreshTokenState; account: AccountView } | null>;
  /**
   * Atomically retires `usedTokenId` (only if still current) and stores `next` in one
   * transaction. Returns false, storing nothing, when another request retired it first.
   */
  rotate(usedTokenId: string, next: NewRefreshToken, now: Date): Promise<boolean>;
  revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void>;
}

/** Batched reads behind the GraphQL DataLoaders: one statement per call. */
export interface AccountReader {
  /** Accounts with these ids, in any order; ids that are not UUIDs simply match nothing. */
  findByIds(ids: readonly string[]): Promise<AccountView[]>;
  findByUsernames(usernames: readonly string[]): Promise<AccountView[]>;
}

/** What every identity command works with (its `ports` in the command pipeline). */
export interface IdentityPorts {
  accounts: AccountRepository;
  sessionStore: SessionRepository;
  hasher: PasswordHasher;
  rateLimits: RateLimits;
  refreshSecrets: RefreshTokenSecrets;
  sessions: SessionIssuer;
  resetRequests: PasswordResetRequests;
  mails: AccountMails;
  policy: IdentityPolicy;
  /** External sign-in (startOAuth / completeOAuth); absent = no provider configured (e.g. use-case test kits). */
  oauth?: OAuthPorts;
  audit: AuditLog;
}

/** Deployment choices the use cases follow (config.ts). */
export interface IdentityPolicy {
  /** AUTH_REQUIRE_VERIFIED_EMAIL: also makes `register` with a taken email answer like success (no enumeration). */
  requireVerifiedEmail: boolean;
  /** AGORA_BOOTSTRAP_ADMIN_EMAIL (lower case): that account is ADMIN from its registration on; null = none. */
  bootstrapAdminEmail: string | null;
}

/**
 * How identity's command pipeline runs a command: it hands the command identity's ports, NOT an
 * open transaction. Unlike other contexts' commands, identity's do slow work before they write —
 * an argon2id hash or verification (~100 ms on libuv's pool, by design) and the rate limits —
 * and holding a transaction (and its pooled connection) open across that would starve the pool
 * under a burst of sign-ins and lengthen every lock for nothing. So each repository method opens
 * its own short transaction where one is needed (register: account + credential + first session
 * + outbox row; rotate: retire the token + store its successor), and the runner only passes the
 * ports through.
 */
export function identityCommandRunner(ports: IdentityPorts): CommandRunner<IdentityPorts> {
  return { run: (work) => work(ports) };
}
