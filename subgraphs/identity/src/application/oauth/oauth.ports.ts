/**
 * What the external sign-in use cases (startOAuth / completeOAuth) need from the outside world.
 * Infrastructure implements the providers with openid-client and the stores with Prisma.
 */
import type { EventMetadata } from '@agora/kernel';
import type { Account } from '../../domain/account/account.aggregate';
import type { NewAccountToken, NewSession, OutgoingMail } from '../ports';
import type { AccountView } from '../read-models';

/** The GraphQL `OAuthProvider` values. */
export const OAUTH_PROVIDERS = ['GITHUB', 'GOOGLE'] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** Who the provider says signed in. */
export interface ExternalProfile {
  /** The provider's stable user id (OIDC `sub`, GitHub's numeric id): what a link is keyed on. */
  subject: string;
  /** As the provider gave it (not yet normalised); null when it shared none. */
  email: string | null;
  /** The provider vouches that the person controls `email`. */
  emailVerified: boolean;
  /** Candidates for the new account's username, best first (login, given name, name). */
  usernameHints: string[];
}

/** One authorization request: where to send the browser and what to keep for the code exchange. */
export interface AuthorizationRequest {
  authorizationUrl: string;
  /** PKCE (S256) code verifier. */
  codeVerifier: string;
  /** OpenID Connect nonce; null for plain OAuth 2.0 providers. */
  nonce: string | null;
}

export interface CodeExchange {
  code: string;
  state: string;
  redirectUri: string;
  codeVerifier: string;
  nonce: string | null;
}

/**
 * One configured provider. `exchange` throws `OAuthRefusedError` when the provider refuses the
 * code (or answers something unusable); any other error is unexpected.
 */
export interface OAuthProviderClient {
  authorizationRequest(params: { redirectUri: string; state: string }): Promise<AuthorizationRequest>;
  exchange(params: CodeExchange): Promise<ExternalProfile>;
}

/** The provider's refusal, with its own words for the log (never for the client). */
export class OAuthRefusedError extends Error {
  override name = 'OAuthRefusedError';
  constructor(
    readonly provider: OAuthProviderName,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** The provider could not be reached (e.g. OIDC discovery failed). */
export class OAuthUnavailableError extends Error {
  override name = 'OAuthUnavailableError';
  constructor(
    readonly provider: OAuthProviderName,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** The deployment's providers and redirect allow-list (from env). */
export interface OAuthProviders {
  /** null = this deployment has not configured the provider. */
  get(provider: OAuthProviderName): OAuthProviderClient | null;
  redirectUriAllowed(redirectUri: string): boolean;
}

/** An external sign-in between startOAuth and completeOAuth (the `oauth_state` row). */
export interface PendingOAuth {
  provider: OAuthProviderName;
  redirectUri: string;
  codeVerifier: string;
  nonce: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface OAuthStateStore {
  save(stateDigest: string, pending: PendingOAuth): Promise<void>;
  /**
   * Marks the state used and returns it, atomically: only an unused, unexpired state (at `now`)
   * is returned, and only once however many requests race for it.
   */
  consume(stateDigest: string, now: Date): Promise<PendingOAuth | null>;
}

/** The provider's identity as it is linked to an account. */
export interface ExternalIdentity {
  provider: OAuthProviderName;
  subject: string;
  /** The provider's email (normalised), kept for support. */
  email: string | null;
}

/** An account with what external sign-in needs to decide about linking. */
export interface AccountWithVerification {
  account: AccountView;
  emailVerifiedAt: Date | null;
}

export interface OAuthAccountRepository {
  findLinked(provider: OAuthProviderName, subject: string): Promise<AccountView | null>;
  findByEmail(email: string): Promise<AccountWithVerification | null>;
  /** Which of these usernames are taken (one query). */
  takenUsernames(candidates: readonly string[]): Promise<Set<string>>;
  /**
   * Links the identity to an existing account and starts its session in ONE transaction; when
   * `verifiedAt` is given and the account's email is still unverified, marks it verified and
   * appends identity.account.email-verified.v1 to the outbox in the same transaction.
   * Throws `OAuthLinkConflict` when the identity is already linked (a concurrent completion).
   */
  link(
    accountId: string,
    identity: ExternalIdentity,
    session: NewSession,
    options: { verifiedAt: Date | null; metadata: EventMetadata },
  ): Promise<AccountView>;
  /**
   * Stores a new account WITHOUT a credential, its identity, its first session and its events
   * (AccountRegistered, and identity.account.email-verified.v1 when `verifiedAt` is set) in ONE
   * transaction, with the verification token and mail when the email is not verified. Throws
   * `OAuthLinkConflict` naming the unique key that clashed.
   */
  registerExternal(
    account: Account,
    identity: ExternalIdentity,
    session: NewSession,
    options: {
      verifiedAt: Date | null;
      metadata: EventMetadata;
      verification?: { token: NewAccountToken; mail: OutgoingMail } | undefined;
    },
  ): Promise<void>;
}

/** A unique key clashed under a concurrent writer; the use case retries its decision. */
export class OAuthLinkConflict extends Error {
  override name = 'OAuthLinkConflict';
  constructor(readonly key: 'email' | 'username' | 'identity') {
    super(`unique ${key} clashed`);
  }
}

/** Opaque random `state` values; only their digest is stored. */
export interface OAuthStateSecrets {
  generate(): { token: string; digest: string };
  digest(token: string): string;
}

/** The ports of startOAuth / completeOAuth (`IdentityPorts.oauth`). */
export interface OAuthPorts {
  providers: OAuthProviders;
  states: OAuthStateStore;
  accounts: OAuthAccountRepository;
  stateSecrets: OAuthStateSecrets;
}
