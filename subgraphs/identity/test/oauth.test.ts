import { createServer } from 'node:net';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { gql, startNats, TestClock, type GraphQLResponse, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';
import { authorize, startOAuthProviders, type GitHubUser, type GoogleUser, type OAuthProviders } from './support/oauth-providers';

const CALLBACK = 'http://localhost:4000/oauth/callback';
const OTHER_CALLBACK = 'https://app.example/oauth/callback';

const START = `mutation Start($input: StartOAuthInput!) { startOAuth(input: $input) { authorizationUrl state } }`;
const COMPLETE = `mutation Complete($input: CompleteOAuthInput!) {
  completeOAuth(input: $input) { accessToken refreshToken expiresAt user { id username email createdAt } }
}`;

type Provider = 'GOOGLE' | 'GITHUB';

let nats: NatsServer;
let providers: OAuthProviders;
let identity: IdentityHarness;
const clock = new TestClock(new Date());

let ipCounter = 0;
/** Each flow from its own client address, so the oauthStart limit only bites where a test wants it. */
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  [nats, providers] = await Promise.all([startNats(), startOAuthProviders()]);
  identity = await startIdentityHarness({
    natsUrl: nats.url,
    clock,
    env: {
      ...providers.env(),
      OAUTH_REDIRECT_URIS: `${CALLBACK}, ${OTHER_CALLBACK}`,
      // Limits on (the harness turns them off by default), oauthStart tight enough to test.
      AGORA_RATE_LIMITS: 'on',
      RATE_LIMIT_OAUTH_START: '5/600',
    },
  });
});

afterAll(async () => {
  await identity?.stop();
  await providers?.stop();
  await nats?.stop();
});

beforeEach(() => {
  providers.google.checkRedirectUri = true;
  providers.github.checkRedirectUri = true;
});

/** A request as the gateway forwards it: nobody signed in, the client's IP in the signed header. */
async function call<D = any>(target: IdentityHarness, query: string, variables: Record<string, unknown>, ip = freshIp()) {
  const headers = { [IDENTITY_HEADER]: await signIdentityHeader(null, target.config.internalSecret, { clientIp: ip }) };
  return gql<D>(target.app.url, query, variables, { headers });
}

function start(provider: Provider, redirectUri = CALLBACK, ip?: string, target = identity) {
  return call(target, START, { input: { provider, redirectUri } }, ip);
}

function complete(provider: Provider, code: string, state: string) {
  return call(identity, COMPLETE, { input: { provider, code, state } });
}

/** start → the browser at the provider → back with code and state. */
async function authorizeWith(provider: Provider, options: { tamperedRedirectUri?: string } = {}) {
  const started = await start(provider);
  expect(started.errors).toBeUndefined();
  const { authorizationUrl, state } = started.data.startOAuth;
  const back = await authorize(authorizationUrl, { redirectUri: options.tamperedRedirectUri });
  // The provider hands the state back unchanged (the browser would check it against sessionStorage).
  expect(back.state).toBe(state);
  return { authorizationUrl, state, code: back.code, redirectedTo: back.redirectedTo };
}

async function signIn(provider: Provider): Promise<GraphQLResponse> {
  const { code, state } = await authorizeWith(provider);
  return complete(provider, code, state);
}

function google(user: GoogleUser) {
  providers.google.signInAs(user);
  return signIn('GOOGLE');
}

function github(user: GitHubUser) {
  providers.signInToGitHubAs(user);
  return signIn('GITHUB');
}

const outboxTypes = async (accountId: string) =>
  (await identity.app.prisma.outboxEvent.findMany({ where: { aggregateId: accountId }, orderBy: { seq: 'asc' } })).map((row) => row.type);

const accountRow = (id: string) =>
  identity.app.prisma.account.findUniqueOrThrow({ where: { id }, include: { credential: true, oauthIdentities: true } });

describe('startOAuth', () => {
  it('answers the provider authorization URL with PKCE S256, a nonce for OpenID Connect and the state, stored only as a digest', async () => {
    const { data, errors } = await start('GOOGLE');
    expect(errors).toBeUndefined();
    const url = new URL(data.startOAuth.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${providers.google.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'agora-google-client',
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: data.startOAuth.state,
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(data.startOAuth.state).toMatch(/^[\w-]{43}$/);

    const rows = await identity.app.prisma.oAuthState.findMany({ where: { nonce: url.searchParams.get('nonce') } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'GOOGLE', redirectUri: CALLBACK, usedAt: null });
    expect(rows[0]!.stateDigest).not.toBe(data.startOAuth.state);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(10 * 60 * 1000);
  });

  it('asks GitHub for the user and email scopes, without a nonce', async () => {
    const { data } = await start('GITHUB');
    const url = new URL(data.startOAuth.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${providers.github.url}/authorize`);
    expect(url.searchParams.get('scope')).toBe('read:user user:email');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.has('nonce')).toBe(false);
  });

  it('refuses a redirect URI that is not on OAUTH_REDIRECT_URIS, storing nothing', async () => {
    const before = await identity.app.prisma.oAuthState.count();
    for (const redirectUri of ['https://evil.example/oauth/callback', `${CALLBACK}/`, `${CALLBACK}?next=/admin`]) {
      expect(onlyError(await start('GOOGLE', redirectUri))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'IDENTITY.OAUTH_REDIRECT_URI_NOT_ALLOWED',
        field: 'redirectUri',
      });
    }
    expect(await identity.app.prisma.oAuthState.count()).toBe(before);
  });

  it('accepts every allow-listed redirect URI', async () => {
    const { data, errors } = await start('GITHUB', OTHER_CALLBACK);
    expect(errors).toBeUndefined();
    expect(new URL(data.startOAuth.authorizationUrl).searchParams.get('redirect_uri')).toBe(OTHER_CALLBACK);
  });

  it('limits sign-ins started per client IP (RATE_LIMITED with retryAfter), not for other clients', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 5; i += 1) expect((await start('GOOGLE', CALLBACK, ip)).errors).toBeUndefined();
    const refused = onlyError(await start('GOOGLE', CALLBACK, ip));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.RATE_LIMITED' });
    expect((refused as { retryAfter?: unknown }).retryAfter).toBeGreaterThan(0);
    expect((await start('GOOGLE', CALLBACK, '203.0.113.78')).errors).toBeUndefined();
  });
});

describe('completeOAuth with Google (OpenID Connect)', () => {
  it('signs up on the first sign-in: a new account without a password, its verified email, the registered and email-verified events', async () => {
    const response = await google({ sub: 'google-ana', email: 'Ana.Lima@Example.com', email_verified: true, name: 'Ana Lima' });
    expect(response.errors).toBeUndefined();
    const { user, accessToken, refreshToken } = response.data.completeOAuth;
    expect(user).toMatchObject({ username: 'ana_lima', email: 'ana.lima@example.com' });
    expect(accessToken).toEqual(expect.any(String));
    expect(refreshToken).toEqual(expect.any(String));

    const row = await accountRow(user.id);
    expect(row.credential).toBeNull();
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(row.oauthIdentities).toEqual([
      expect.objectContaining({ provider: 'GOOGLE', subject: 'google-ana', email: 'ana.lima@example.com' }),
    ]);
    expect(await outboxTypes(user.id)).toEqual(['identity.account.registered.v1', 'identity.account.email-verified.v1']);

    // The session works like any other.
    const refreshed = await identity.refresh(refreshToken);
    expect(refreshed.data.refreshSession.user.id).toBe(user.id);
    // No password: password sign-in answers like any wrong password.
    expect(onlyError(await identity.login('ana.lima@example.com', 'whatever-password'))).toMatchObject({
      reason: 'IDENTITY.INVALID_CREDENTIALS',
    });
  });

  it('exchanges the code with the stored PKCE verifier and redirect URI, checking the nonce', async () => {
    providers.google.signInAs({ sub: 'google-pkce', email: 'pkce@example.com', email_verified: true });
    const { authorizationUrl, code, state } = await authorizeWith('GOOGLE');
    const response = await complete('GOOGLE', code, state);
    expect(response.errors).toBeUndefined();
    const request = providers.google.tokenRequests.find((entry) => entry.code === code)!;
    expect(request.redirectUri).toBe(CALLBACK);
    expect(request.codeVerifier).toMatch(/^[\w-]{43}$/);
    const stored = await identity.app.prisma.oAuthState.findFirstOrThrow({ where: { codeVerifier: request.codeVerifier! } });
    expect(stored.nonce).toBe(new URL(authorizationUrl).searchParams.get('nonce'));
    expect(stored.usedAt).not.toBeNull();
  });

  it('signs the same person in again: the same account, a new session, nothing registered twice', async () => {
    const person = { sub: 'google-again', email: 'again@example.com', email_verified: true, name: 'Again' };
    const first = (await google(person)).data.completeOAuth;
    const accounts = await identity.app.prisma.account.count();
    const second = await google({ ...person, email: 'changed-at-google@example.com' });
    expect(second.errors).toBeUndefined();
    expect(second.data.completeOAuth.user).toEqual(first.user);
    expect(second.data.completeOAuth.refreshToken).not.toBe(first.refreshToken);
    expect(await identity.app.prisma.account.count()).toBe(accounts);
    expect(await identity.app.prisma.refreshTokenFamily.count({ where: { accountId: first.user.id } })).toBe(2);
    expect(await outboxTypes(first.user.id)).toEqual(['identity.account.registered.v1', 'identity.account.email-verified.v1']);
  });

  it('refuses a suspended account (FORBIDDEN IDENTITY.SUSPENDED): its linked sign-in, and linking it by a verified email', async () => {
    const person = { sub: 'google-suspended', email: 'suspended-at-google@example.com', email_verified: true, name: 'Sus' };
    const first = (await google(person)).data.completeOAuth;
    const suspend = (id: string) =>
      identity.app.prisma.account.update({
        where: { id },
        data: { suspendedAt: clock.now(), suspendedUntil: null, suspensionAsOf: clock.now() },
      });
    await suspend(first.user.id);
    const families = await identity.app.prisma.refreshTokenFamily.count({ where: { accountId: first.user.id } });
    expect(onlyError(await google(person))).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.SUSPENDED' });
    expect(await identity.app.prisma.refreshTokenFamily.count({ where: { accountId: first.user.id } })).toBe(families);

    const registration = aRegistration();
    const registered = (await identity.register(registration)).data.register.user;
    await suspend(registered.id);
    const linking = await google({ sub: 'google-would-link', email: registration.email, email_verified: true, name: 'Link' });
    expect(onlyError(linking)).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.SUSPENDED' });
    expect((await accountRow(registered.id)).oauthIdentities).toEqual([]);
  });

  it('links an existing password account when Google says the email is verified, and marks that email verified', async () => {
    const registration = aRegistration();
    const registered = (await identity.register(registration)).data.register.user;
    const before = await accountRow(registered.id);
    expect(before.emailVerifiedAt).toBeNull();

    const response = await google({
      sub: 'google-linker',
      email: registration.email.toUpperCase(),
      email_verified: true,
      name: 'Someone Else',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.completeOAuth.user).toEqual(registered);

    const after = await accountRow(registered.id);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(after.credential).not.toBeNull();
    expect(after.oauthIdentities.map((link) => `${link.provider}:${link.subject}`)).toEqual(['GOOGLE:google-linker']);
    expect(await outboxTypes(registered.id)).toEqual(['identity.account.registered.v1', 'identity.account.email-verified.v1']);
    // The password still works.
    expect((await identity.login(registration.email, registration.password)).errors).toBeUndefined();
  });

  it('does NOT link on an email the provider has not verified: CONFLICT OAUTH_EMAIL_TAKEN, nothing stored', async () => {
    const registration = aRegistration();
    const registered = (await identity.register(registration)).data.register.user;
    const accounts = await identity.app.prisma.account.count();

    const response = await google({ sub: 'google-unverified', email: registration.email, email_verified: false });
    expect(onlyError(response)).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.OAUTH_EMAIL_TAKEN' });
    expect(await identity.app.prisma.oAuthIdentity.count({ where: { subject: 'google-unverified' } })).toBe(0);
    expect(await identity.app.prisma.account.count()).toBe(accounts);
    expect((await accountRow(registered.id)).emailVerifiedAt).toBeNull();
  });

  it('creates an account with an unverified email (and sends its verification mail) when nobody has that email', async () => {
    const response = await google({ sub: 'google-new-unverified', email: 'fresh-unverified@example.com', email_verified: false });
    expect(response.errors).toBeUndefined();
    const { user } = response.data.completeOAuth;
    expect((await accountRow(user.id)).emailVerifiedAt).toBeNull();
    expect(await outboxTypes(user.id)).toEqual(['identity.account.registered.v1']);
    expect(await identity.app.prisma.accountToken.count({ where: { accountId: user.id, purpose: 'VERIFY_EMAIL' } })).toBe(1);
  });

  it('two concurrent first sign-ins of one person (two tabs) end in one account', async () => {
    providers.google.signInAs({ sub: 'google-two-tabs', email: 'two-tabs@example.com', email_verified: true, name: 'Two Tabs' });
    const [tab1, tab2] = await Promise.all([authorizeWith('GOOGLE'), authorizeWith('GOOGLE')]);
    const results = await Promise.all([complete('GOOGLE', tab1.code, tab1.state), complete('GOOGLE', tab2.code, tab2.state)]);
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(results[0]!.data.completeOAuth.user).toEqual(results[1]!.data.completeOAuth.user);
    expect(await identity.app.prisma.account.count({ where: { email: 'two-tabs@example.com' } })).toBe(1);
    expect(await outboxTypes(results[0]!.data.completeOAuth.user.id)).toEqual([
      'identity.account.registered.v1',
      'identity.account.email-verified.v1',
    ]);
  });

  it('makes a taken username unique with a numeric suffix', async () => {
    await identity.register(aRegistration({ username: 'bea' }));
    const response = await google({ sub: 'google-bea', email: 'bea@elsewhere.example', email_verified: true, name: 'Béa' });
    expect(response.data.completeOAuth.user.username).toBe('bea2');
  });
});

describe('completeOAuth with GitHub (OAuth 2.0 + REST API)', () => {
  it('signs up with the GitHub login as username and the primary verified email, then signs the same account in again', async () => {
    const octo: GitHubUser = {
      id: 583231,
      login: 'Octo-Cat',
      name: 'The Octocat',
      emails: [
        { email: 'octo-secondary@example.com', primary: false, verified: true },
        { email: 'Octocat@Example.com', primary: true, verified: true },
      ],
    };
    const first = await github(octo);
    expect(first.errors).toBeUndefined();
    const { user } = first.data.completeOAuth;
    expect(user).toMatchObject({ username: 'octo_cat', email: 'octocat@example.com' });
    const row = await accountRow(user.id);
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(row.credential).toBeNull();
    expect(row.oauthIdentities).toEqual([expect.objectContaining({ provider: 'GITHUB', subject: '583231' })]);
    expect(await outboxTypes(user.id)).toEqual(['identity.account.registered.v1', 'identity.account.email-verified.v1']);

    const again = await github({ ...octo, login: 'renamed' });
    expect(again.data.completeOAuth.user).toEqual(user);
  });

  it('links an existing account by its verified primary email', async () => {
    const registration = aRegistration();
    const registered = (await identity.register(registration)).data.register.user;
    const response = await github({ id: 9001, login: 'linked-gh', emails: [{ email: registration.email, primary: true, verified: true }] });
    expect(response.data.completeOAuth.user.id).toBe(registered.id);
    expect((await accountRow(registered.id)).oauthIdentities).toEqual([expect.objectContaining({ provider: 'GITHUB', subject: '9001' })]);
  });

  it('does NOT link by an unverified primary email', async () => {
    const registration = aRegistration();
    await identity.register(registration);
    const response = await github({
      id: 9002,
      login: 'unverified-gh',
      emails: [{ email: registration.email, primary: true, verified: false }],
    });
    expect(onlyError(response)).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.OAUTH_EMAIL_TAKEN' });
    expect(await identity.app.prisma.oAuthIdentity.count({ where: { provider: 'GITHUB', subject: '9002' } })).toBe(0);
  });
});

describe('completeOAuth refusals', () => {
  it('refuses a forged state (UNAUTHENTICATED OAUTH_STATE_INVALID) before talking to the provider', async () => {
    providers.google.signInAs({ sub: 'google-forged', email: 'forged@example.com', email_verified: true });
    const { code } = await authorizeWith('GOOGLE');
    const requests = providers.google.tokenRequests.length;
    const forged = 'A'.repeat(43);
    expect(onlyError(await complete('GOOGLE', code, forged))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.OAUTH_STATE_INVALID',
    });
    expect(providers.google.tokenRequests.length).toBe(requests);
  });

  it('refuses a state started for another provider, and that state is then spent', async () => {
    providers.google.signInAs({ sub: 'google-crossed', email: 'crossed@example.com', email_verified: true });
    const { code, state } = await authorizeWith('GOOGLE');
    expect(onlyError(await complete('GITHUB', code, state))).toMatchObject({ reason: 'IDENTITY.OAUTH_STATE_INVALID' });
    expect(onlyError(await complete('GOOGLE', code, state))).toMatchObject({ reason: 'IDENTITY.OAUTH_STATE_INVALID' });
  });

  it('refuses a reused code: its state is single-use, and with a new state the provider refuses the code (OAUTH_FAILED)', async () => {
    providers.google.signInAs({ sub: 'google-replay', email: 'replay@example.com', email_verified: true });
    const { code, state } = await authorizeWith('GOOGLE');
    expect((await complete('GOOGLE', code, state)).errors).toBeUndefined();

    expect(onlyError(await complete('GOOGLE', code, state))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.OAUTH_STATE_INVALID',
    });

    const fresh = (await start('GOOGLE')).data.startOAuth.state;
    const refused = onlyError(await complete('GOOGLE', code, fresh));
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.OAUTH_FAILED' });
    // The provider's own words are logged, never shown.
    expect(refused.message).toBe('The provider did not confirm the sign-in. Start again.');
  });

  it('lets exactly one of two concurrent completions with the same state through', async () => {
    providers.google.signInAs({ sub: 'google-race', email: 'race@example.com', email_verified: true });
    const { code, state } = await authorizeWith('GOOGLE');
    const results = await Promise.all([complete('GOOGLE', code, state), complete('GOOGLE', code, state)]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => result.errors?.[0]?.extensions?.reason === 'IDENTITY.OAUTH_STATE_INVALID')).toHaveLength(1);
  });

  it('refuses a code issued for another redirect URI at the token step (OAUTH_FAILED): identity sends the stored one', async () => {
    providers.signInToGitHubAs({
      id: 9100,
      login: 'redirected',
      emails: [{ email: 'redirected@example.com', primary: true, verified: true }],
    });
    const { code, state, redirectedTo } = await authorizeWith('GITHUB', { tamperedRedirectUri: 'https://evil.example/cb' });
    expect(redirectedTo).toBe('https://evil.example/cb');
    expect(onlyError(await complete('GITHUB', code, state))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.OAUTH_FAILED' });
    expect(providers.github.tokenRequests.find((entry) => entry.code === code)?.redirectUri).toBe(CALLBACK);
    expect(await identity.app.prisma.oAuthIdentity.count({ where: { provider: 'GITHUB', subject: '9100' } })).toBe(0);
  });

  it('(the mock server on its own does not bind a code to its redirect URI: that check is the provider’s, which the harness adds)', async () => {
    providers.google.checkRedirectUri = false;
    providers.google.signInAs({ sub: 'google-unbound', email: 'unbound@example.com', email_verified: true });
    const { code, state } = await authorizeWith('GOOGLE', { tamperedRedirectUri: 'https://evil.example/cb' });
    expect((await complete('GOOGLE', code, state)).errors).toBeUndefined();
  });

  it('refuses an expired state (10 minutes)', async () => {
    providers.google.signInAs({ sub: 'google-late', email: 'late@example.com', email_verified: true });
    const { code, state } = await authorizeWith('GOOGLE');
    clock.advance(10 * 60 * 1000 + 1000);
    expect(onlyError(await complete('GOOGLE', code, state))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.OAUTH_STATE_INVALID',
    });
    expect(await identity.app.prisma.oAuthIdentity.count({ where: { subject: 'google-late' } })).toBe(0);
  });

  it('refuses a provider answer without an email (FORBIDDEN OAUTH_EMAIL_MISSING)', async () => {
    const response = await github({ id: 9200, login: 'no-mail', emails: [] });
    expect(onlyError(response)).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.OAUTH_EMAIL_MISSING' });
  });
});

describe('a deployment without (reachable) providers', () => {
  let bare: IdentityHarness;

  beforeAll(async () => {
    // Google points at a closed port: identity must still start (discovery is lazy).
    bare = await startIdentityHarness({
      natsUrl: nats.url,
      env: { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret', GOOGLE_ISSUER: `http://127.0.0.1:${await closedPort()}` },
    });
  });

  afterAll(async () => {
    await bare?.stop();
  });

  it('answers FORBIDDEN OAUTH_PROVIDER_NOT_CONFIGURED for a provider without client id and secret', async () => {
    expect(onlyError(await start('GITHUB', CALLBACK, undefined, bare))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.OAUTH_PROVIDER_NOT_CONFIGURED',
    });
    const completed = await call(bare, COMPLETE, { input: { provider: 'GITHUB', code: 'c', state: 's' } });
    expect(onlyError(completed)).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.OAUTH_PROVIDER_NOT_CONFIGURED' });
  });

  it('answers OAUTH_PROVIDER_UNAVAILABLE while the OpenID issuer cannot be reached', async () => {
    expect(onlyError(await start('GOOGLE', CALLBACK, undefined, bare))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.OAUTH_PROVIDER_UNAVAILABLE',
    });
    expect(await bare.app.prisma.oAuthState.count()).toBe(0);
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
