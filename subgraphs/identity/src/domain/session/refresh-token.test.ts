import { describe, expect, it } from 'vitest';
import { judgeRefresh, refreshTokenExpiry, type RefreshTokenState } from './refresh-token';

const now = new Date('2026-03-01T12:00:00.000Z');
const token = (overrides: Partial<RefreshTokenState> = {}): RefreshTokenState => ({
  tokenId: 't1',
  familyId: 'f1',
  accountId: 'a1',
  expiresAt: new Date(now.getTime() + 60_000),
  usedAt: null,
  familyRevokedAt: null,
  ...overrides,
});

describe('judgeRefresh', () => {
  it('rotates the current unexpired token', () => {
    expect(judgeRefresh(token(), now)).toEqual({ kind: 'rotate' });
  });

  it('detects reuse of a retired token', () => {
    expect(judgeRefresh(token({ usedAt: new Date(now.getTime() - 1000) }), now)).toEqual({ kind: 'reused' });
  });

  it('treats a retired token as reused even after it expired', () => {
    const stale = token({ usedAt: new Date(0), expiresAt: new Date(now.getTime() - 1) });
    expect(judgeRefresh(stale, now)).toEqual({ kind: 'reused' });
  });

  it('rejects an expired current token, at the exact expiry instant too', () => {
    expect(judgeRefresh(token({ expiresAt: now }), now)).toEqual({ kind: 'expired' });
  });

  it('reports a revoked family before anything else', () => {
    expect(judgeRefresh(token({ familyRevokedAt: now, usedAt: now }), now)).toEqual({ kind: 'revoked' });
  });
});

describe('refreshTokenExpiry', () => {
  it('adds the TTL in seconds', () => {
    expect(refreshTokenExpiry(now, 30).toISOString()).toBe('2026-03-01T12:00:30.000Z');
  });
});
