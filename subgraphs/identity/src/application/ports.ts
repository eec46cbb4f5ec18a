/**
 * What the use cases need from the outside world. Infrastructure implements these with Prisma,
 * argon2, jose and node:crypto; use-case tests use the in-memory store in `testing/`.
 * Clock, IdGenerator and EventMetadata are the kernel's.
 */
import type { CommandRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Account } from '../domain/account/account.aggregate';
import type { RefreshTokenState, RevocationReason } from '../domain/session/refresh-token';
import type { AccountView } from './read-models';
import type { SessionIssuer } from './session/session-issuer';

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
  issue(subject: { accountId: string; username: string }, now: Date): Promise<AccessToken>;
}

/** Opaque refresh-token secrets; only their digest is ever stored. */
export interface RefreshTokenSecrets {
  generate(): { token: string; digest: string };
  digest(token: string): string;
}

/** Failed-login counter per normalised login. */
export interface LoginThrottle {
  isBlocked(key: string, now: Date): boolean;
  recordFailure(key: string, now: Date): void;
  reset(key: string): void;
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
  register(account: Account, passwordHash: string, session: NewSession, metadata: EventMetadata): Promise<void>;
  findCredentialByEmail(email: string): Promise<{ account: AccountView; passwordHash: string } | null>;
  findCredentialByUsername(username: string): Promise<{ account: AccountView; passwordHash: string } | null>;
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
  throttle: LoginThrottle;
  refreshSecrets: RefreshTokenSecrets;
  sessions: SessionIssuer;
}

/**
 * How identity's command pipeline runs a command: it hands the command identity's ports, NOT an
 * open transaction. Unlike other contexts' commands, identity's do slow work before they write —
 * an argon2id hash or verification (~100 ms on libuv's pool, by design) and the login throttle —
 * and holding a transaction (and its pooled connection) open across that would starve the pool
 * under a burst of sign-ins and lengthen every lock for nothing. So each repository method opens
 * its own short transaction where one is needed (register: account + credential + first session
 * + outbox row; rotate: retire the token + store its successor), and the runner only passes the
 * ports through.
 */
export function identityCommandRunner(ports: IdentityPorts): CommandRunner<IdentityPorts> {
  return { run: (work) => work(ports) };
}
