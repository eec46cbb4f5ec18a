import type { Logger } from '@agora/service-kit';
import * as client from 'openid-client';
import {
  OAuthRefusedError,
  OAuthUnavailableError,
  type AuthorizationRequest,
  type CodeExchange,
  type ExternalProfile,
  type OAuthProviderClient,
  type OAuthProviderName,
  type OAuthProviders,
} from '../../application/oauth/oauth.ports';

export interface GitHubSettings {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** REST API root (`/user`, `/user/emails`). */
  apiUrl: string;
}

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  /** OpenID Connect issuer; its discovery document names the endpoints. */
  issuer: string;
}

/** `config.oauth`: what the deployment configured. */
export interface OAuthSettings {
  /** Exact redirect URIs startOAuth accepts. */
  redirectUris: string[];
  github: GitHubSettings | null;
  google: GoogleSettings | null;
}

/** Seconds for every request to a provider (discovery, token, API). */
const TIMEOUT_SECONDS = 10;

/**
 * openid-client refuses plain HTTP; a provider on the loopback interface (the tests' mock
 * server, a local Keycloak) is the one exception allowed.
 */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function allowLoopbackHttp(config: client.Configuration, url: URL): void {
  if (isLoopback(url)) client.allowInsecureRequests(config);
}

/** What a provider said when it refused, for the log only. */
function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof client.ResponseBodyError) {
    return { error: error.error, description: error.error_description, status: error.status };
  }
  if (error instanceof client.AuthorizationResponseError) return { error: error.error, description: error.error_description };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(error) };
}

/** The authorization URL with PKCE (S256), `state` and, for OpenID Connect, a nonce. */
async function authorizationRequest(
  config: client.Configuration,
  params: { redirectUri: string; state: string; scope: string; oidc: boolean },
): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = params.oidc ? client.randomNonce() : null;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: params.redirectUri,
    scope: params.scope,
    state: params.state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(nonce ? { nonce } : {}),
  });
  return { authorizationUrl: url.href, codeVerifier, nonce };
}

/**
 * The authorization response as the browser received it (code + state on the redirect URI),
 * so openid-client checks `state` and sends the stored redirect URI with the code.
 */
function callbackUrl(config: client.Configuration, exchange: CodeExchange): URL {
  const url = new URL(exchange.redirectUri);
  url.searchParams.set('code', exchange.code);
  url.searchParams.set('state', exchange.state);
  // RFC 9207: a provider that announces `iss` in its responses must have it; the state row
  // already binds this sign-in to one provider, so its own issuer is the expected one.
  const metadata = config.serverMetadata();
  if (metadata.authorization_response_iss_parameter_supported) url.searchParams.set('iss', metadata.issuer);
  return url;
}

/** Google (OpenID Connect): endpoints from discovery, made lazily so identity starts offline. */
export class OidcProvider implements OAuthProviderClient {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    private readonly name: OAuthProviderName,
    private readonly settings: GoogleSettings,
    private readonly logger: Logger,
  ) {}

  async authorizationRequest(params: { redirectUri: string; state: string }): Promise<AuthorizationRequest> {
    return authorizationRequest(await this.config(), { ...params, scope: 'openid email profile', oidc: true });
  }

  async exchange(exchange: CodeExchange): Promise<ExternalProfile> {
    const config = await this.config();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl(config, exchange), {
        pkceCodeVerifier: exchange.codeVerifier,
        expectedState: exchange.state,
        ...(exchange.nonce ? { expectedNonce: exchange.nonce } : {}),
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      this.logger.warn({ provider: this.name, failure: describeFailure(error) }, 'OAuth provider refused the code');
      throw new OAuthRefusedError(this.name, 'the provider refused the code', error);
    }
    if (!claims || typeof claims.sub !== 'string') throw new OAuthRefusedError(this.name, 'no subject in the ID token');
    const email = typeof claims.email === 'string' ? claims.email : null;
    // Google sends a boolean; some providers have sent the string "true".
    const emailVerified = email !== null && (claims.email_verified === true || claims.email_verified === 'true');
    const hints = [claims.name, claims.given_name].filter((hint): hint is string => typeof hint === 'string');
    return { subject: claims.sub, email, emailVerified, usernameHints: hints };
  }

  /** Discovery on first use; a failure is not cached (the next sign-in tries again). */
  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    try {
      const config = await client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
        timeout: TIMEOUT_SECONDS,
        // openid-client looks for this very function to allow the discovery request itself over HTTP.
        execute: isLoopback(issuer) ? [client.allowInsecureRequests] : [],
      });
      this.logger.info({ provider: this.name, issuer: issuer.href }, 'OAuth provider discovered');
      return config;
    } catch (error) {
      this.logger.error(
        { provider: this.name, issuer: issuer.href, failure: describeFailure(error) },
        `OAuth provider ${this.name}: OpenID Connect discovery at ${issuer.href} failed (is the issuer reachable?)`,
      );
      throw new OAuthUnavailableError(this.name, `discovery at ${issuer.href} failed`, error);
    }
  }
}

interface GitHubUser {
  id: number | string;
  login?: string;
  name?: string | null;
  email?: string | null;
}
interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * GitHub (OAuth 2.0, no OpenID Connect): the code exchange through openid-client, then the
 * REST API for who signed in (`/user`) and their addresses (`/user/emails`, scope `user:email`).
 * The email used is the primary one; it is "verified" only when GitHub says so.
 */
export class GitHubProvider implements OAuthProviderClient {
  private readonly config: client.Configuration;

  constructor(
    private readonly settings: GitHubSettings,
    private readonly logger: Logger,
  ) {
    const authorizationUrl = new URL(settings.authorizationUrl);
    this.config = new client.Configuration(
      {
        issuer: authorizationUrl.origin,
        authorization_endpoint: authorizationUrl.href,
        token_endpoint: new URL(settings.tokenUrl).href,
      },
      settings.clientId,
      settings.clientSecret,
    );
    this.config.timeout = TIMEOUT_SECONDS;
    allowLoopbackHttp(this.config, authorizationUrl);
  }

  authorizationRequest(params: { redirectUri: string; state: string }): Promise<AuthorizationRequest> {
    return authorizationRequest(this.config, { ...params, scope: 'read:user user:email', oidc: false });
  }

  async exchange(exchange: CodeExchange): Promise<ExternalProfile> {
    let accessToken: string;
    try {
      const tokens = await client.authorizationCodeGrant(this.config, callbackUrl(this.config, exchange), {
        pkceCodeVerifier: exchange.codeVerifier,
        expectedState: exchange.state,
      });
      accessToken = tokens.access_token;
    } catch (error) {
      this.logger.warn({ provider: 'GITHUB', failure: describeFailure(error) }, 'OAuth provider refused the code');
      throw new OAuthRefusedError('GITHUB', 'the provider refused the code', error);
    }
    const user = await this.api<GitHubUser>(accessToken, '/user');
    if (!user || (typeof user.id !== 'number' && typeof user.id !== 'string')) {
      throw new OAuthRefusedError('GITHUB', 'GitHub did not say who signed in');
    }
    // Without the user:email grant the list is refused; the profile's public email (unverified) remains.
    const emails = (await this.api<GitHubEmail[]>(accessToken, '/user/emails', { optional: true })) ?? [];
    const chosen = pickEmail(Array.isArray(emails) ? emails : [], user.email ?? null);
    const hints = [user.login, user.name].filter((hint): hint is string => typeof hint === 'string');
    return { subject: String(user.id), email: chosen.email, emailVerified: chosen.verified, usernameHints: hints };
  }

  private async api<T>(accessToken: string, path: string, options: { optional?: boolean } = {}): Promise<T | null> {
    const url = `${this.settings.apiUrl.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'Agora',
        },
        signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000),
      });
    } catch (error) {
      this.logger.warn({ provider: 'GITHUB', url, failure: describeFailure(error) }, 'GitHub API unreachable');
      throw new OAuthRefusedError('GITHUB', 'GitHub API unreachable', error);
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      if (options.optional && (response.status === 403 || response.status === 404)) return null;
      this.logger.warn({ provider: 'GITHUB', url, status: response.status, body: body.slice(0, 500) }, 'GitHub API refused');
      throw new OAuthRefusedError('GITHUB', `GitHub API answered ${response.status}`);
    }
    return (await response.json()) as T;
  }
}

/** The primary address (verified or not), else any verified one, else the profile's public one. */
export function pickEmail(emails: readonly GitHubEmail[], profileEmail: string | null): { email: string | null; verified: boolean } {
  const primary = emails.find((entry) => entry.primary) ?? emails.find((entry) => entry.verified);
  if (primary) return { email: primary.email, verified: primary.verified === true };
  return { email: profileEmail, verified: false };
}

/** The configured providers (null when a provider's client id and secret are not set). */
export class ConfiguredOAuthProviders implements OAuthProviders {
  private readonly clients: Partial<Record<OAuthProviderName, OAuthProviderClient>>;
  private readonly redirectUris: Set<string>;

  constructor(settings: OAuthSettings, logger: Logger) {
    this.redirectUris = new Set(settings.redirectUris);
    this.clients = {
      ...(settings.github ? { GITHUB: new GitHubProvider(settings.github, logger) } : {}),
      ...(settings.google ? { GOOGLE: new OidcProvider('GOOGLE', settings.google, logger) } : {}),
    };
  }

  get(provider: OAuthProviderName): OAuthProviderClient | null {
    return this.clients[provider] ?? null;
  }

  /** Exact match: no prefixes, no patterns (an open redirect is one wildcard away). */
  redirectUriAllowed(redirectUri: string): boolean {
    return this.redirectUris.has(redirectUri);
  }
}
