import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../src/infrastructure/signing-keys/ed25519-signing-key';
import {
  devKeyFile,
  loadKeyEncryption,
  parseKeyEncryptionKey,
  SigningKeyEncryption,
} from '../src/infrastructure/signing-keys/key-encryption';
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
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: keys[0]!.kid, typ: 'at+jwt' });
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
});

describe('signing keys at rest and their rotation while running', () => {
  // A clock the test can move past the old tokens' expiry (the watcher retires by it).
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  let running: IdentityHarness;
  let keys: PrismaSigningKeyRepository;
  let encryption: SigningKeyEncryption;
  const timing = { publishLeadMs: 300, retireAfterMs: 10 * 60_000 };
  beforeAll(async () => {
    running = await startIdentityHarness({ natsUrl: nats.url, clock, signingKeys: { pollIntervalMs: 100, ...timing } });
    ({ encryption } = await loadKeyEncryption({
      keyEncryptionKey: running.config.auth.keyEncryptionKey,
      nodeEnv: running.config.nodeEnv,
      dataDir: running.config.dataDir,
    }));
    keys = new PrismaSigningKeyRepository(running.app.prisma, encryption);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const jwksOf = async (h: IdentityHarness) =>
    ((await (await fetch(new URL('/.well-known/jwks.json', h.app.origin))).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  const verifyAt = (h: IdentityHarness, token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL('/.well-known/jwks.json', h.app.origin)), { issuer: ISSUER, audience: AUDIENCE });

  it('stores the private key encrypted (AES-256-GCM), never as the plain JWK', async () => {
    const row = await running.app.prisma.signingKey.findFirstOrThrow();
    const stored = JSON.stringify(row.privateJwk);
    const plain = encryption.decrypt(row.privateJwk as never, row.kid);
    expect(plain.d).toEqual(expect.any(String));
    expect(stored).not.toContain(plain.d);
    expect(row.privateJwk).toEqual({ v: 1, alg: 'A256GCM', iv: expect.any(String), ct: expect.any(String), tag: expect.any(String) });
    expect(row.privateJwk).not.toHaveProperty('d');
  });

  it('refuses a wrong key encryption key with a clear error', async () => {
    const wrong = new PrismaSigningKeyRepository(running.app.prisma, SigningKeyEncryption.fromKey(randomBytes(32)));
    await expect(wrong.activeKey(generateSigningKey, new Date(), timing)).rejects.toThrow(
      /signing key .* cannot be decrypted with IDENTITY_KEY_ENCRYPTION_KEY/,
    );
  });

  it('encrypts a key stored in plain text (before encryption at rest existed)', async () => {
    const legacy = await generateSigningKey();
    await running.app.prisma.signingKey.create({
      data: {
        kid: legacy.kid,
        algorithm: 'EdDSA',
        publicJwk: legacy.publicJwk as object,
        privateJwk: legacy.privateJwk as object,
        createdAt: new Date(0),
        retiredAt: new Date(0),
      },
    });
    try {
      expect(await keys.encryptPlaintextKeys()).toBe(1);
      const row = await running.app.prisma.signingKey.findUniqueOrThrow({ where: { kid: legacy.kid } });
      expect(JSON.stringify(row.privateJwk)).not.toContain(legacy.privateJwk.d);
      expect(encryption.decrypt(row.privateJwk as never, legacy.kid)).toEqual(legacy.privateJwk);
      expect(await keys.encryptPlaintextKeys()).toBe(0);
    } finally {
      await running.app.prisma.signingKey.delete({ where: { kid: legacy.kid } });
    }
  });

  it('changes the key encryption key: rows under a previous key (IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS) are re-encrypted under the new one', async () => {
    const current = parseKeyEncryptionKey(await readFile(devKeyFile(running.config.dataDir), 'utf8'));
    const next = randomBytes(32);
    const rows = async () => running.app.prisma.signingKey.findMany({ orderBy: { kid: 'asc' } });
    const before = await rows();
    const changed = new PrismaSigningKeyRepository(running.app.prisma, SigningKeyEncryption.fromKey(next, [current]));
    try {
      expect(await changed.encryptPlaintextKeys()).toBe(before.length);
      const after = await rows();
      for (const [i, row] of after.entries()) {
        expect(row.privateJwk).not.toEqual(before[i]!.privateJwk);
        expect(SigningKeyEncryption.fromKey(next).decrypt(row.privateJwk as never, row.kid)).toEqual(
          encryption.decrypt(before[i]!.privateJwk as never, row.kid),
        );
        expect(() => encryption.decrypt(row.privateJwk as never, row.kid)).toThrow(/cannot be decrypted/);
      }
      expect(await changed.encryptPlaintextKeys()).toBe(0);
    } finally {
      // back under the running instance's key
      await new PrismaSigningKeyRepository(running.app.prisma, SigningKeyEncryption.fromKey(current, [next])).encryptPlaintextKeys();
    }
  });

  it('rotates without a restart: both keys published, new tokens on the new kid, the old kid dropped once its tokens expired', async () => {
    const before = (await running.register(aRegistration({ username: 'rotation_user' }))).data.register.accessToken;
    const oldKid = decodeProtectedHeader(before).kid!;
    // what `npm run keys:rotate` does (src/keys-rotate.ts), against the running instance's database
    const newKid = await keys.rotate(clock.now());
    expect(newKid).not.toBe(oldKid);
    // published at once, before it signs anything
    expect(await jwksOf(running)).toEqual([newKid, oldKid]);
    const login = async () => (await running.login('rotation_user', 'correct horse battery')).data.login.accessToken as string;
    const after = await waitFor(async () => {
      const token = await login();
      return decodeProtectedHeader(token).kid === newKid && token;
    });
    await expect(verifyAt(running, after)).resolves.toBeDefined();
    await expect(verifyAt(running, before)).resolves.toBeDefined();
    expect(await jwksOf(running)).toEqual([newKid, oldKid]);

    // past every old token's expiry (TTL + margin after the new key started signing)
    offsetMs = timing.publishLeadMs + timing.retireAfterMs + 1_000;
    await waitFor(async () => (await jwksOf(running)).length === 1);
    expect(await jwksOf(running)).toEqual([newKid]);
    await expect(verifyAt(running, before)).rejects.toThrow(/no applicable key found/);
    expect(decodeProtectedHeader(await login()).kid).toBe(newKid);
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

  // Three cold starts of an on-disk PGlite: slow on a loaded 2-core machine, hence the budget.
  it(
    'keeps the (encrypted) key across restarts with the development key file, and refuses to start with another key',
    { timeout: 240_000 },
    async () => {
      // DATA_DIR holds the generated key encryption key (mode 0600) beside identity's database.
      const on = (env: Record<string, string> = {}) =>
        startIdentityHarness({ natsUrl: nats.url, env: { DATA_DIR: dir.path, ...env }, database: { dataDir: join(dir.path, 'identity') } });
      const first = await on();
      let token: string;
      let kid: string | undefined;
      try {
        token = (await first.register(aRegistration())).data.register.accessToken;
        kid = decodeProtectedHeader(token).kid;
      } finally {
        await first.stop();
      }
      expect((await stat(devKeyFile(dir.path))).mode & 0o777).toBe(0o600);
      const second = await on();
      try {
        const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', second.app.origin));
        await expect(jwtVerify(token, keys, { issuer: ISSUER, audience: AUDIENCE })).resolves.toBeDefined();
        const again = (await second.login((await second.app.prisma.account.findFirstOrThrow()).username, 'correct horse battery')).data
          .login;
        expect(decodeProtectedHeader(again.accessToken).kid).toBe(kid);
        expect(await second.app.prisma.signingKey.count()).toBe(1);
      } finally {
        await second.stop();
      }
      await expect(on({ IDENTITY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') })).rejects.toThrow(
        `signing key ${kid} cannot be decrypted with IDENTITY_KEY_ENCRYPTION_KEY`,
      );
    },
  );
});
