/**
 * What the use cases need from the outside world. Infrastructure implements these with Prisma,
 * argon2, jose and node:crypto; unit tests use the in-memory versions in `testing/`.
 */
import type { Account } from '../domain/account/account.aggregate';
import type { RefreshTokenState, RevocationReason } from '../domain/session/refresh-token';
import type { AccountView } from './read-models';

export interface Clock {
  now(): Date;
}

/** Fresh time-ordered ids (UUIDv7) for rows. */
export type IdGenerator = () => string;

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

/** Request metadata that travels into event envelopes. */
export interface CommandMeta {
  correlationId?: string;
}

export interface AccountRepository {
  /**
   * Stores the account, its credential, its recorded events (outbox) and its first session in
   * ONE transaction. Throws IDENTITY.EMAIL_TAKEN / IDENTITY.USERNAME_TAKEN on a unique clash.
   */
  register(account: Account, passwordHash: string, session: NewSession, meta: CommandMeta): Promise<void>;
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
