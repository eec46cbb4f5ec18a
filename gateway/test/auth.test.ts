import { IDENTITY_HEADER, signIdentityHeader, verifyIdentity } from '@agora/service-kit';
import { gql } from '@agora/testing';
import { SignJWT } from 'jose';
import { JWKS_REFETCH_COOLDOWN_MS } from '../src/auth/access-token-verifier';
import { firstError } from './support/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { TEST_AUDIENCE, TEST_ISSUER } from './support/jwks-server';

const ME = '{ me { id username notes { id } } }';

describe('gateway authentication', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("forwards a valid token's viewer to subgraphs as a verifiable signed identity header", async () => {
    const token = await h.jwks.sign({ sub: 'user-2', username: 'grace' });
    const before = h.accounts.received.length;
    const res = await gql(h.url, ME, undefined, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ id: 'user-2', username: 'grace', notes: [{ id: 'note-2' }] });

    const call = h.accounts.received[before]!;
    const header = call.headers[IDENTITY_HEADER];
    expect(typeof header).toBe('string');
    expect(await verifyIdentity(header as string, h.internalSecret)).toEqual({
      viewer: { userId: 'user-2', username: 'grace', emailVerified: false },
      clientIp: '127.0.0.1',
    });
    // The client's bearer token itself never leaves the gateway.
    expect(call.headers.authorization).toBeUndefined();
    expect(JSON.stringify(h.notes.received.at(-1)!.headers)).not.toContain(token);
    // One signature per request and subgraph (aud = its name): the notes subgraph got its own.
    expect(
      await verifyIdentity(h.notes.received.at(-1)!.headers[IDENTITY_HEADER] as string, h.internalSecret, {
        audience: 'notes',
        requireSignature: true,
      }),
    ).toMatchObject({ viewer: { userId: 'user-2' } });
  });

  it("forwards the token's email_verified claim as the viewer's emailVerified", async () => {
    const token = await h.jwks.sign({ sub: 'user-2', username: 'grace', emailVerified: true });
    const before = h.accounts.received.length;
    expect((await gql(h.url, ME, undefined, { token })).data.me.id).toBe('user-2');
    const header = h.accounts.received[before]!.headers[IDENTITY_HEADER] as string;
    expect((await verifyIdentity(header, h.internalSecret)).viewer).toEqual({ userId: 'user-2', username: 'grace', emailVerified: true });
  });

  it('treats a request without Authorization as anonymous', async () => {
    const before = h.accounts.received.length;
    const res = await gql(h.url, ME);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
    // Anonymous requests carry the header too: the client's IP, no viewer.
    const header = h.accounts.received[before]!.headers[IDENTITY_HEADER] as string;
    expect(await verifyIdentity(header, h.internalSecret)).toEqual({ viewer: null, clientIp: '127.0.0.1' });
  });

  it('takes the client IP from the socket and ignores X-Forwarded-For by default (GATEWAY_TRUST_PROXY unset)', async () => {
    const before = h.accounts.received.length;
    await gql(h.url, ME, undefined, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const header = h.accounts.received[before]!.headers[IDENTITY_HEADER] as string;
    expect((await verifyIdentity(header, h.internalSecret)).clientIp).toBe('127.0.0.1');
  });

  const rejected: [string, (h: GatewayHarness) => Promise<string>, string][] = [
    ['an expired token', (h) => h.jwks.sign({ expiresIn: -120 }), 'AUTH.TOKEN_EXPIRED'],
    ['a token for another audience', (h) => h.jwks.sign({ aud: 'urn:agora:admin' }), 'AUTH.INVALID_TOKEN'],
    ['a token from another issuer', (h) => h.jwks.sign({ iss: 'urn:evil:identity' }), 'AUTH.INVALID_TOKEN'],
    ['a forged signature (unknown key, same kid)', (h) => h.jwks.forge(), 'AUTH.INVALID_TOKEN'],
    ['an alg:none token', async (h) => h.jwks.unsigned(), 'AUTH.INVALID_TOKEN'],
    [
      'an HS256 token keyed with a guessable secret (algorithm confusion)',
      async () =>
        new SignJWT({ username: 'ada' })
          .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
          .setSubject('user-1')
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('x'.repeat(32))),
      'AUTH.INVALID_TOKEN',
    ],
    ['a token without the username claim', (h) => h.jwks.sign({ username: null }), 'AUTH.INVALID_TOKEN'],
    // Correctly signed by the published key, but not an access token (RFC 9068 typ).
    ["a correctly signed JWT with typ 'JWT' instead of 'at+jwt'", (h) => h.jwks.sign({ typ: 'JWT' }), 'AUTH.INVALID_TOKEN'],
    ['a correctly signed JWT without typ', (h) => h.jwks.sign({ typ: null }), 'AUTH.INVALID_TOKEN'],
    ['garbage', async () => 'not-a-jwt', 'AUTH.INVALID_TOKEN'],
  ];

  it.each(rejected)('rejects %s with UNAUTHENTICATED (401) and never calls a subgraph', async (_name, makeToken, reason) => {
    const token = await makeToken(h);
    const before = h.subgraphCalls();
    const res = await gql(h.url, ME, undefined, { token });
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason } }]);
    expect(h.subgraphCalls()).toBe(before);
  });

  it('rejects an Authorization header that is not a Bearer token', async () => {
    const before = h.subgraphCalls();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRhOnNlY3JldA==' },
      body: JSON.stringify({ query: ME }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect((await firstError(response)).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH.MALFORMED_AUTHORIZATION' });
    expect(h.subgraphCalls()).toBe(before);
  });

  it('never forwards a client-sent x-agora-identity, even one signed with the real secret', async () => {
    const spoofed = await signIdentityHeader({ userId: 'user-1', username: 'ada' }, h.internalSecret);
    const before = h.accounts.received.length;
    const anonymous = await gql(h.url, ME, undefined, { headers: { [IDENTITY_HEADER]: spoofed } });
    expect(anonymous.data).toEqual({ me: null });
    const replaced = h.accounts.received[before]!.headers[IDENTITY_HEADER] as string;
    expect(replaced).not.toBe(spoofed);
    expect((await verifyIdentity(replaced, h.internalSecret)).viewer).toBeNull();

    // With a real token, the subgraph sees the token's viewer, not the spoofed one.
    const token = await h.jwks.sign({ sub: 'user-2', username: 'grace' });
    const authed = await gql(h.url, ME, undefined, { token, headers: { [IDENTITY_HEADER]: spoofed, 'x-user-id': 'user-1' } });
    expect(authed.data.me.id).toBe('user-2');
    const forwarded = h.accounts.received.at(-1)!.headers;
    expect(forwarded[IDENTITY_HEADER]).not.toBe(spoofed);
    expect(forwarded['x-user-id']).toBeUndefined();
  });

  it('caches the key set: many verified requests cost one JWKS fetch', async () => {
    const token = await h.jwks.sign();
    const before = h.jwks.fetches();
    expect(before).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) expect((await gql(h.url, ME, undefined, { token })).data.me.id).toBe('user-1');
    expect(h.jwks.fetches()).toBe(before);
  });

  // Last in this block: later tokens are signed with the rotated key.
  it('verifies a token signed by a key published after the key set was cached (one refetch on the unknown kid)', async () => {
    const old = await h.jwks.sign();
    expect((await gql(h.url, ME, undefined, { token: old })).data.me.id).toBe('user-1');
    const fetched = h.jwks.fetches();
    await h.jwks.rotate();
    const fresh = await h.jwks.sign({ sub: 'user-3', username: 'lin' });
    // Identity publishes a rotated key 5 s before signing with it; the refetch cooldown is shorter.
    await new Promise((resolve) => setTimeout(resolve, JWKS_REFETCH_COOLDOWN_MS));
    expect((await gql(h.url, ME, undefined, { token: fresh })).data.me.id).toBe('user-3');
    expect(h.jwks.fetches()).toBe(fetched + 1);
    // the old key is still published, so tokens signed before the rotation keep working
    expect((await gql(h.url, ME, undefined, { token: old })).data.me.id).toBe('user-1');
    expect(h.jwks.fetches()).toBe(fetched + 1);
  });
});

describe('gateway authentication when the JWKS is unreachable', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    // Port 9 (discard) on 127.0.0.1: nothing listens, the fetch is refused at once.
    h = await startGatewayHarness({ env: { IDENTITY_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 503 with a masked error (not UNAUTHENTICATED: the token may be fine)', async () => {
    const token = await h.jwks.sign();
    const before = h.subgraphCalls();
    const res = await gql(h.url, ME, undefined, { token });
    expect(res.status).toBe(503);
    expect(res.errors).toEqual([
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'AUTH.JWKS_UNAVAILABLE' } },
    ]);
    expect(h.subgraphCalls()).toBe(before);
    // Anonymous requests do not need the key set.
    expect((await gql(h.url, ME)).data).toEqual({ me: null });
  });
});

describe('gateway client IP behind a proxy (GATEWAY_TRUST_PROXY)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ env: { GATEWAY_TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const forwardedIp = async (xff: string | undefined) => {
    const before = h.accounts.received.length;
    await gql(h.url, ME, undefined, { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
    return (await verifyIdentity(h.accounts.received[before]!.headers[IDENTITY_HEADER] as string, h.internalSecret)).clientIp;
  };

  it('reads X-Forwarded-For through trusted proxies only, like express', async () => {
    expect(await forwardedIp('203.0.113.9')).toBe('203.0.113.9');
    // 127.0.0.2 is loopback (trusted), 198.51.100.1 is not: it is the client, whatever it claims before.
    expect(await forwardedIp('203.0.113.9, 198.51.100.1, 127.0.0.2')).toBe('198.51.100.1');
    expect(await forwardedIp(undefined)).toBe('127.0.0.1');
    // Not an address: the nearest address that is (the proxy that reported it).
    expect(await forwardedIp('not-an-ip')).toBe('127.0.0.1');
  });
});
