import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Events, OAuth2Server, type MutableRedirectUri, type MutableResponse, type MutableToken } from 'oauth2-mock-server';

/** A Google account as the test OpenID provider will report it (ID token claims). */
export interface GoogleUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
}

/** A GitHub account as the emulated REST API reports it. */
export interface GitHubUser {
  id: number;
  login: string;
  name?: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

interface IssuedCode {
  user: unknown;
  redirectUri: string;
}

/** What a test sees of one provider's token endpoint. */
export interface TokenRequestLog {
  code: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

/**
 * One real OAuth 2.0 / OpenID Connect server (oauth2-mock-server) on 127.0.0.1, a free port.
 * The authorize step binds each code to the user `signInAs` named and to its redirect_uri; the
 * token step puts that user's claims into the tokens. oauth2-mock-server checks PKCE (a code's
 * challenge is forgotten after one exchange, so a reused code is refused) but does NOT compare a
 * code's redirect_uri at the token step; `checkRedirectUri` (on by default) adds that check as
 * RFC 6749 §4.1.3 requires and as GitHub and Google make it.
 */
export class MockProvider {
  readonly server = new OAuth2Server();
  readonly tokenRequests: TokenRequestLog[] = [];
  checkRedirectUri = true;
  private readonly codes = new Map<string, IssuedCode>();
  private nextUser: unknown = null;

  constructor(private readonly claimsOf: (user: unknown) => Record<string, unknown>) {}

  get url(): string {
    return this.server.issuer.url!;
  }

  async start(options: { idTokens: boolean }): Promise<void> {
    await this.server.issuer.keys.generate('RS256');
    await this.server.start(0, '127.0.0.1');
    const { port } = this.server.address();
    // The server names itself `localhost`; pin the issuer to the address it listens on.
    this.server.issuer.url = `http://127.0.0.1:${port}`;
    const service = this.server.service;

    service.on(Events.BeforeAuthorizeRedirect, (redirect: MutableRedirectUri, req: IncomingMessage & { query?: unknown }) => {
      const code = redirect.url.searchParams.get('code');
      const query = (req.query ?? {}) as Record<string, unknown>;
      if (code) this.codes.set(code, { user: this.nextUser, redirectUri: String(query.redirect_uri) });
    });
    service.on(Events.BeforeTokenSigning, (token: MutableToken, req: IncomingMessage & { body?: unknown }) => {
      const issued = this.issuedFor(req);
      if (issued?.user) Object.assign(token.payload, this.claimsOf(issued.user));
    });
    service.on(Events.BeforeResponse, (response: MutableResponse, req: IncomingMessage & { body?: unknown }) => {
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      if (body.grant_type !== 'authorization_code') return;
      this.tokenRequests.push({ code: String(body.code), redirectUri: body.redirect_uri, codeVerifier: body.code_verifier });
      const issued = this.issuedFor(req);
      if (this.checkRedirectUri && issued && issued.redirectUri !== body.redirect_uri) {
        response.statusCode = 400;
        response.body = { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' };
        return;
      }
      if (!options.idTokens && typeof response.body === 'object' && response.body !== null) {
        // GitHub is plain OAuth 2.0: an access token, no ID token.
        const tokens = response.body as Record<string, unknown>;
        delete tokens.id_token;
        delete tokens.refresh_token;
      }
    });
  }

  /** Who the next authorization signs in as. */
  signInAs(user: unknown): void {
    this.nextUser = user;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private issuedFor(req: IncomingMessage & { body?: unknown }): IssuedCode | undefined {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
  }
}

/** `/user` and `/user/emails` as GitHub's REST API answers them, for the user the bearer token names. */
class GitHubApi {
  readonly users = new Map<string, GitHubUser>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const user = this.userOf(req.headers.authorization);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (!user) return send(401, { message: 'Requires authentication' });
      if (req.method === 'GET' && req.url === '/user')
        return send(200, { id: user.id, login: user.login, name: user.name ?? null, email: null });
      if (req.method === 'GET' && req.url === '/user/emails') {
        return send(
          200,
          user.emails.map((entry) => ({ ...entry, visibility: entry.primary ? 'private' : null })),
        );
      }
      return send(404, { message: 'Not Found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The mock's access tokens are JWTs whose `sub` is the GitHub user id (set at the token step). */
  private userOf(authorization: string | undefined): GitHubUser | undefined {
    const token = authorization?.match(/^Bearer (.+)$/)?.[1];
    const payload = token?.split('.')[1];
    if (!payload) return undefined;
    const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string };
    return sub ? this.users.get(sub) : undefined;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface OAuthProviders {
  google: MockProvider;
  github: MockProvider;
  githubApi: GitHubApi;
  /** Identity's env for both providers. */
  env(): Record<string, string>;
  /** Registers a GitHub user and makes it the one the next GitHub authorization signs in. */
  signInToGitHubAs(user: GitHubUser): void;
  stop(): Promise<void>;
}

/** A Google-like OpenID provider and a GitHub-like OAuth 2.0 provider with its REST API. */
export async function startOAuthProviders(): Promise<OAuthProviders> {
  const google = new MockProvider((user) => {
    const { sub, ...claims } = user as GoogleUser;
    return { sub, ...claims };
  });
  const github = new MockProvider((user) => ({ sub: String((user as GitHubUser).id) }));
  const githubApi = new GitHubApi();
  await Promise.all([google.start({ idTokens: true }), github.start({ idTokens: false }), githubApi.start()]);
  return {
    google,
    github,
    githubApi,
    env: () => ({
      GOOGLE_CLIENT_ID: 'agora-google-client',
      GOOGLE_CLIENT_SECRET: 'google-secret',
      GOOGLE_ISSUER: google.url,
      GITHUB_CLIENT_ID: 'agora-github-client',
      GITHUB_CLIENT_SECRET: 'github-secret',
      GITHUB_AUTHORIZATION_URL: `${github.url}/authorize`,
      GITHUB_TOKEN_URL: `${github.url}/token`,
      GITHUB_API_URL: githubApi.url,
    }),
    signInToGitHubAs: (user) => {
      githubApi.users.set(String(user.id), user);
      github.signInAs(user);
    },
    stop: async () => {
      await Promise.all([google.stop(), github.stop(), githubApi.stop()]);
    },
  };
}

/**
 * The browser's part: follows the authorization URL (the mock signs in at once) and reads the
 * redirect back. `redirectUri` replaces the URL's redirect_uri (a tampered request).
 */
export async function authorize(authorizationUrl: string, options: { redirectUri?: string } = {}) {
  const url = new URL(authorizationUrl);
  if (options.redirectUri) url.searchParams.set('redirect_uri', options.redirectUri);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorization did not redirect: ${response.status} ${await response.text()}`);
  const back = new URL(location);
  return { redirectedTo: `${back.origin}${back.pathname}`, code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}
