import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  ANY_SUBGRAPH_AUDIENCE,
  IDENTITY_HEADER_TYPE,
  gatewaySignatureRequired,
  hasRole,
  requireViewer,
  signIdentityHeader,
  verifyIdentity,
  verifyIdentityHeader,
} from './identity-header';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';
const viewer = { userId: 'user_1', username: 'ann' };

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof DomainError) return error;
  throw new Error(`expected a DomainError, got ${String(error)}`);
}

describe('identity header', () => {
  it('round-trips the viewer', async () => {
    const header = await signIdentityHeader(viewer, SECRET);
    await expect(verifyIdentityHeader(header, SECRET)).resolves.toEqual({ ...viewer, emailVerified: false });
  });

  it('carries the client IP and whether the email is verified', async () => {
    const header = await signIdentityHeader({ ...viewer, emailVerified: true }, SECRET, { clientIp: '203.0.113.7' });
    await expect(verifyIdentity(header, SECRET)).resolves.toEqual({
      viewer: { ...viewer, emailVerified: true },
      clientIp: '203.0.113.7',
    });
  });

  it('carries the client IP of an anonymous request', async () => {
    const header = await signIdentityHeader(null, SECRET, { clientIp: '2001:db8::1' });
    await expect(verifyIdentity(header, SECRET)).resolves.toEqual({ viewer: null, clientIp: '2001:db8::1' });
    await expect(verifyIdentityHeader(header, SECRET)).resolves.toBeNull();
  });

  it('reads a missing ev claim as not verified, and no header as no IP', async () => {
    const legacy = await new SignJWT({ username: 'ann' })
      .setProtectedHeader({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('agora-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifyIdentity(legacy, SECRET)).resolves.toEqual({ viewer: { ...viewer, emailVerified: false }, clientIp: null });
    await expect(verifyIdentity(undefined, SECRET)).resolves.toEqual({ viewer: null, clientIp: null });
  });

  it('rejects an ev claim that is not a boolean', async () => {
    const odd = await new SignJWT({ username: 'ann', ev: 'yes' })
      .setProtectedHeader({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('agora-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifyIdentity(odd, SECRET))).code).toBe('UNAUTHENTICATED');
  });

  it('returns null when the header is absent', async () => {
    await expect(verifyIdentityHeader(undefined, SECRET)).resolves.toBeNull();
  });

  it('rejects a header signed with another secret', async () => {
    const forged = await signIdentityHeader(viewer, 'another-secret-that-is-at-least-32-characters');
    const error = await rejection(verifyIdentityHeader(forged, SECRET));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.reason).toBe('AUTH.INVALID_IDENTITY');
  });

  it('rejects an expired header', async () => {
    const expired = await signIdentityHeader(viewer, SECRET, -60);
    expect((await rejection(verifyIdentityHeader(expired, SECRET))).code).toBe('UNAUTHENTICATED');
  });

  it('rejects garbage', async () => {
    expect((await rejection(verifyIdentityHeader('not.a.jwt', SECRET))).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a token meant for another audience', async () => {
    const other = await new SignJWT({ username: 'ann' })
      .setProtectedHeader({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('someone-else')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifyIdentityHeader(other, SECRET, { audience: 'social' }))).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a validly signed token without a username', async () => {
    const incomplete = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('agora-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifyIdentityHeader(incomplete, SECRET))).code).toBe('UNAUTHENTICATED');
  });
});

describe('identity header audience, typ and signed anonymity', () => {
  const sign = (claims: Record<string, unknown>, header: { typ?: string } = { typ: IDENTITY_HEADER_TYPE }, audience = 'social') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', ...header })
      .setIssuer('agora-gateway')
      .setAudience(audience)
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));

  it('names the subgraph it is for, and is refused by every other one, also when signatures are not required', async () => {
    const header = await signIdentityHeader(viewer, SECRET, { audience: 'social' });
    await expect(verifyIdentityHeader(header, SECRET, { audience: 'social' })).resolves.toEqual({ ...viewer, emailVerified: false });
    await expect(verifyIdentityHeader(header, SECRET, { audience: 'social', requireSignature: true })).resolves.toMatchObject(viewer);
    for (const requireSignature of [false, true]) {
      const error = await rejection(verifyIdentity(header, SECRET, { audience: 'posts', requireSignature }));
      expect([error.code, error.reason]).toEqual(['UNAUTHENTICATED', 'AUTH.INVALID_IDENTITY']);
    }
  });

  it('accepts the any-subgraph audience of a header signed without one only where signatures are not required', async () => {
    const direct = await signIdentityHeader(viewer, SECRET);
    await expect(verifyIdentityHeader(direct, SECRET, { audience: 'social' })).resolves.toMatchObject(viewer);
    expect((await rejection(verifyIdentity(direct, SECRET, { audience: 'social', requireSignature: true }))).code).toBe('UNAUTHENTICATED');
    const explicit = await sign({ username: 'ann', sub: 'user_1' }, undefined, ANY_SUBGRAPH_AUDIENCE);
    expect((await rejection(verifyIdentity(explicit, SECRET, { audience: 'social', requireSignature: true }))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it(`is typed ${IDENTITY_HEADER_TYPE}: another typ, or none, is refused (an access token is not an identity header)`, async () => {
    const header = await signIdentityHeader(viewer, SECRET, { audience: 'social' });
    expect(JSON.parse(Buffer.from(header.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE });
    for (const typ of [{ typ: 'JWT' }, { typ: 'at+jwt' }, {}]) {
      const forged = await sign({ username: 'ann', sub: 'user_1' }, typ);
      expect((await rejection(verifyIdentity(forged, SECRET, { audience: 'social' }))).reason).toBe('AUTH.INVALID_IDENTITY');
    }
  });

  it('signs anonymous requests too: anon: true, the IP, no subject; and a header that is neither anonymous nor a viewer is refused', async () => {
    const header = await signIdentityHeader(null, SECRET, { audience: 'social', clientIp: '198.51.100.4' });
    const payload = JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ anon: true, ip: '198.51.100.4', aud: 'social', iss: 'agora-gateway' });
    expect(payload.sub).toBeUndefined();
    await expect(verifyIdentity(header, SECRET, { audience: 'social', requireSignature: true })).resolves.toEqual({
      viewer: null,
      clientIp: '198.51.100.4',
    });
    for (const claims of [{ ip: '198.51.100.4' }, { anon: true, sub: 'user_1', username: 'ann' }, { anon: false }]) {
      expect((await rejection(verifyIdentity(await sign(claims), SECRET, { audience: 'social' }))).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a missing header when signatures are required (production), and reads it as anonymous otherwise', async () => {
    const error = await rejection(verifyIdentity(undefined, SECRET, { audience: 'social', requireSignature: true }));
    expect([error.code, error.reason]).toEqual(['UNAUTHENTICATED', 'AUTH.GATEWAY_SIGNATURE_REQUIRED']);
    expect((await rejection(verifyIdentity('', SECRET, { audience: 'social', requireSignature: true }))).code).toBe('UNAUTHENTICATED');
    await expect(verifyIdentity(undefined, SECRET, { audience: 'social' })).resolves.toEqual({ viewer: null, clientIp: null });
  });

  it('requires signatures in production or with AGORA_REQUIRE_GATEWAY_SIGNATURE=true', () => {
    expect(gatewaySignatureRequired({ NODE_ENV: 'production' })).toBe(true);
    expect(gatewaySignatureRequired({ NODE_ENV: 'test', AGORA_REQUIRE_GATEWAY_SIGNATURE: 'true' })).toBe(true);
    expect(gatewaySignatureRequired({ NODE_ENV: 'development' })).toBe(false);
    expect(gatewaySignatureRequired({ AGORA_REQUIRE_GATEWAY_SIGNATURE: 'false' })).toBe(false);
  });
});

describe('requireViewer', () => {
  it('returns the viewer or throws UNAUTHENTICATED', () => {
    expect(requireViewer({ viewer })).toBe(viewer);
    expect(() => requireViewer({ viewer: null })).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});

describe('viewer id', () => {
  it('is canonical (lower case) once verified, whatever case the gateway signed', async () => {
    const secret = 'x'.repeat(32);
    const header = await signIdentityHeader({ userId: '0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF', username: 'ada' }, secret);
    expect(await verifyIdentityHeader(header, secret)).toEqual({
      userId: '0190f0c2-7a3b-7c4d-8e5f-aabbccddeeff',
      username: 'ada',
      emailVerified: false,
    });
  });
});

describe('the viewer role', () => {
  const secret = 'x'.repeat(32);
  it('is carried when above MEMBER; a member has none (= MEMBER)', async () => {
    const moderator = await signIdentityHeader({ userId: 'u1', username: 'mod', role: 'MODERATOR' }, secret);
    expect((await verifyIdentityHeader(moderator, secret))?.role).toBe('MODERATOR');
    const member = await signIdentityHeader({ userId: 'u2', username: 'mem' }, secret);
    expect((await verifyIdentityHeader(member, secret))?.role).toBeUndefined();
  });

  it('ranks roles: an admin has the moderator role, a member does not', () => {
    expect(hasRole({ role: 'ADMIN' }, 'MODERATOR')).toBe(true);
    expect(hasRole({ role: 'MODERATOR' }, 'MODERATOR')).toBe(true);
    expect(hasRole({ role: 'MEMBER' }, 'MODERATOR')).toBe(false);
    expect(hasRole({}, 'MODERATOR')).toBe(false);
    expect(hasRole(null, 'MEMBER')).toBe(false);
  });
});
