import { startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../src/infrastructure/signing-keys/ed25519-signing-key';
import { PrismaSigningKeyRepository } from '../src/infrastructure/signing-keys/prisma-signing-key.repository';
import { startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

const ISSUER = 'urn:agora:identity';
const AUDIENCE = 'urn:agora:api';

let nats: NatsServer;
let identity: IdentityHarness;
let jwksUrl: URL;

const verify = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(jwksUrl), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] });

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url });
  jwksUrl = new URL('/.well-known/jwks.json', identity.app.origin);
});

afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

describe('access tokens and the JWKS', () => {
  it('publishes the Ed25519 public key with cache headers and no private part', async () => {
    const response = await fetch(jwksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
  });

  it('issues tokens the JWKS verifies, with the documented claims', async () => {
    const { data } = await identity.register(aRegistration({ username: 'token_owner' }));
    const { accessToken, expiresAt, user } = data.register;
    const { payload, protectedHeader } = await verify(accessToken);
    const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: keys[0]!.kid });
    expect(payload).toMatchObject({ sub: user.id, username: 'token_owner', iss: ISSUER, aud: AUDIENCE });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(new Date(expiresAt).getTime()).toBe(payload.exp! * 1000);
    expect(Math.abs(payload.iat! * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('rejects an unsigned (alg: none) token', async () => {
    const { data } = await identity.register(aRegistration());
    const { payload } = await verify(data.register.accessToken);
    const unsigned = new UnsecuredJWT({ ...payload }).encode();
    await expect(verify(unsigned)).rejects.toThrow();
  });

  it('rejects a token signed by another key under the real kid', async () => {
    const { data } = await identity.register(aRegistration());
    const { kid } = decodeProtectedHeader(data.register.accessToken);
    const { payload } = await verify(data.register.accessToken);
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'EdDSA', kid: kid! }).sign(attacker.privateKey);
    await expect(verify(forged)).rejects.toThrow(/signature verification failed/);
  });

  it('rejects a token whose payload was altered', async () => {
    const { data } = await identity.register(aRegistration());
    const [header, body, signature] = data.register.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url');
    await expect(verify(`${header}.${tampered}.${signature}`)).rejects.toThrow(/signature verification failed/);
  });

  it('is ready for rotation: a newer key becomes active and every unretired key is published', async () => {
    const before = (await identity.register(aRegistration())).data.register.accessToken;
    const keys = new PrismaSigningKeyRepository(identity.app.prisma);
    const newer = await generateSigningKey();
    await identity.app.prisma.signingKey.create({
      data: {
        kid: newer.kid,
        algorithm: 'EdDSA',
        publicJwk: newer.publicJwk as object,
        privateJwk: newer.privateJwk as object,
        createdAt: new Date(Date.now() + 1000),
      },
    });
    try {
      expect((await keys.activeKey(generateSigningKey, new Date())).kid).toBe(newer.kid);
      const published = (await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] };
      expect(published.keys.map((k) => k.kid)).toEqual([newer.kid, decodeProtectedHeader(before).kid]);
      // tokens signed with the older key keep verifying while it is unretired
      await expect(verify(before)).resolves.toBeDefined();
    } finally {
      await identity.app.prisma.signingKey.delete({ where: { kid: newer.kid } });
    }
  });
});

describe('signing key persistence', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir('identity-keys');
  });
  afterAll(async () => {
    await dir?.remove();
  });

  // Two cold starts of an on-disk PGlite: slow on a loaded 2-core machine, hence the budget.
  it('keeps the key across restarts, so tokens issued before a restart still verify', { timeout: 240_000 }, async () => {
    const first = await startIdentityHarness({ natsUrl: nats.url, database: { dataDir: dir.path } });
    let token: string;
    let kid: string | undefined;
    try {
      token = (await first.register(aRegistration())).data.register.accessToken;
      kid = decodeProtectedHeader(token).kid;
    } finally {
      await first.stop();
    }
    const second = await startIdentityHarness({ natsUrl: nats.url, database: { dataDir: dir.path } });
    try {
      const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', second.app.origin));
      await expect(jwtVerify(token, keys, { issuer: ISSUER, audience: AUDIENCE })).resolves.toBeDefined();
      const again = (await second.login((await second.app.prisma.account.findFirstOrThrow()).username, 'correct horse battery')).data.login;
      expect(decodeProtectedHeader(again.accessToken).kid).toBe(kid);
      expect(await second.app.prisma.signingKey.count()).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
