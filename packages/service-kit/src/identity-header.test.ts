import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { requireViewer, signIdentityHeader, verifyIdentity, verifyIdentityHeader } from './identity-header';

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
      .setProtectedHeader({ alg: 'HS256' })
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
      .setProtectedHeader({ alg: 'HS256' })
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
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('someone-else')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifyIdentityHeader(other, SECRET))).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a validly signed token without a username', async () => {
    const incomplete = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user_1')
      .setIssuer('agora-gateway')
      .setAudience('agora-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifyIdentityHeader(incomplete, SECRET))).code).toBe('UNAUTHENTICATED');
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
