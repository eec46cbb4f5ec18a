import { describe, expect, it } from 'vitest';
import { RevocationList } from './revocations';

const TTL = 900_000;
const user = '0190aaaa-0000-7000-8000-000000000001';

describe('RevocationList (iat_ms precision)', () => {
  it('accepts a token issued after an unsuspension in the suspension’s own second, and refuses one from before it', () => {
    const list = new RevocationList(TTL);
    const second = 1_800_000_000;
    const suspendedAt = second * 1000 + 100;
    list.suspended(user, new Date(suspendedAt), new Date(suspendedAt + 86_400_000));
    expect(list.check(user, second, 'MEMBER', suspendedAt + 200, suspendedAt + 150)).toBe('revoked'); // while suspended
    list.unsuspended(user, new Date(suspendedAt + 300));
    expect(list.check(user, second, 'MEMBER', suspendedAt + 500, suspendedAt + 400)).toBe('ok');
    expect(list.check(user, second, 'MEMBER', suspendedAt + 500, suspendedAt - 50)).toBe('revoked');
    // Without iat_ms, the whole second stays refused (the one-second grain).
    expect(list.check(user, second, 'MEMBER', suspendedAt + 500)).toBe('revoked');
  });

  it('role change: refuses tokens from before it; in the second after it only those carrying the new role pass', () => {
    const list = new RevocationList(TTL);
    const at = 1_800_000_000_500;
    list.roleChanged(user, 'MODERATOR', new Date(at));
    expect(list.check(user, Math.floor((at - 10) / 1000), 'MODERATOR', at + 100, at - 10)).toBe('revoked');
    expect(list.check(user, Math.floor((at + 10) / 1000), 'MEMBER', at + 100, at + 10)).toBe('revoked');
    expect(list.check(user, Math.floor((at + 10) / 1000), 'MODERATOR', at + 100, at + 10)).toBe('ok');
    expect(list.check(user, Math.floor((at + 2_000) / 1000), 'MEMBER', at + 2_100, at + 2_000)).toBe('ok');
  });
});
