import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, importPrivateKey, toPublicJwk } from './ed25519-signing-key';
import { JoseAccessTokenIssuer } from './jose-access-token-issuer';

const settings = { issuer: 'https://id.example', audience: 'https://api.example', ttlSeconds: 120 };

async function issuerWithKey() {
  const material = await generateSigningKey();
  const issuer = new JoseAccessTokenIssuer({ kid: material.kid, privateKey: await importPrivateKey(material) }, settings);
  return { material, issuer, jwks: createLocalJWKSet({ keys: [toPublicJwk(material)] }) };
}

describe('JoseAccessTokenIssuer', () => {
  it('signs EdDSA tokens (typ at+jwt, RFC 9068) with kid, sub, username, email_verified, role, iss, aud, iat and exp = iat + ttl', async () => {
    const { material, issuer, jwks } = await issuerWithKey();
    const now = new Date();
    const { token, expiresAt } = await issuer.issue({ accountId: 'acc-1', username: 'ana', emailVerified: true, role: 'MODERATOR' }, now);
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: settings.issuer, audience: settings.audience });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: material.kid, typ: 'at+jwt' });
    expect(payload).toMatchObject({
      sub: 'acc-1',
      username: 'ana',
      email_verified: true,
      role: 'MODERATOR',
      iss: settings.issuer,
      aud: settings.audience,
    });
    expect(payload.iat).toBe(Math.floor(now.getTime() / 1000));
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(expiresAt.getTime()).toBe(payload.exp! * 1000);
    expect(typeof payload.jti).toBe('string');
  });

  it('says email_verified: false for an unverified account', async () => {
    const { issuer, jwks } = await issuerWithKey();
    const { token } = await issuer.issue({ accountId: 'acc-1', username: 'ana', emailVerified: false, role: 'MEMBER' }, new Date());
    const { payload } = await jwtVerify(token, jwks);
    expect(payload.email_verified).toBe(false);
    expect(payload.role).toBe('MEMBER');
  });

  it('produces tokens another key set does not accept', async () => {
    const { issuer } = await issuerWithKey();
    const other = await issuerWithKey();
    const { token } = await issuer.issue({ accountId: 'acc-1', username: 'ana', emailVerified: false, role: 'MEMBER' }, new Date());
    await expect(jwtVerify(token, other.jwks)).rejects.toThrow();
  });
});

describe('Ed25519 signing keys', () => {
  it('uses the RFC 7638 thumbprint as kid and never publishes the private part', async () => {
    const material = await generateSigningKey();
    expect(material.privateJwk.d).toEqual(expect.any(String));
    const published = toPublicJwk(material);
    expect(published).toEqual({ kty: 'OKP', crv: 'Ed25519', x: material.publicJwk.x, kid: material.kid, alg: 'EdDSA', use: 'sig' });
    expect(material.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { token } = await new JoseAccessTokenIssuer({ kid: material.kid, privateKey: await importPrivateKey(material) }, settings).issue(
      { accountId: 'a', username: 'b', emailVerified: false, role: 'MEMBER' },
      new Date(),
    );
    expect(decodeProtectedHeader(token).kid).toBe(material.kid);
  });
});
