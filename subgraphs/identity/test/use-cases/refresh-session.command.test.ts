import { describe, expect, it } from 'vitest';
import { aRegistration, identityTestKit, REFRESH_TTL_SECONDS } from '../support/identity-test-kit';

async function signedIn() {
  const kit = identityTestKit();
  const session = await kit.register.execute(aRegistration());
  return { kit, session };
}

describe('refreshSession', () => {
  it('rotates: retires the presented token and issues a successor in the same family', async () => {
    const { kit, session } = await signedIn();
    kit.clock.advance(1000);
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.account.id).toBe(session.account.id);
    expect(next.accessToken).not.toBe(session.accessToken);
    const tokens = [...kit.store.tokens.values()];
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens.map((t) => t.familyId)).size).toBe(1);
    expect(tokens[0]!.usedAt).toEqual(kit.clock.now());
    expect(tokens[1]!.usedAt).toBeNull();
    // the successor can be rotated in turn
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).resolves.toBeDefined();
  });

  it('revokes the whole family when a retired token is presented again', async () => {
    const { kit, session } = await signedIn();
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.REFRESH_TOKEN_REUSED',
    });
    const [family] = [...kit.store.families.values()];
    expect(family).toMatchObject({ reason: 'reuse_detected' });
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.SESSION_REVOKED',
    });
  });

  it('lets only one of two concurrent refreshes of the same token win, and burns the family', async () => {
    const { kit, session } = await signedIn();
    const results = await Promise.allSettled([
      kit.refresh.execute({ refreshToken: session.refreshToken }),
      kit.refresh.execute({ refreshToken: session.refreshToken }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ reason: 'IDENTITY.REFRESH_TOKEN_REUSED' });
    expect([...kit.store.families.values()][0]!.revokedAt).not.toBeNull();
  });

  it('rejects an expired token without revoking anything', async () => {
    const { kit, session } = await signedIn();
    kit.clock.advance(REFRESH_TTL_SECONDS * 1000);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.REFRESH_TOKEN_EXPIRED',
    });
    expect([...kit.store.families.values()][0]!.revokedAt).toBeNull();
  });

  it('rejects an unknown token', async () => {
    const { kit } = await signedIn();
    await expect(kit.refresh.execute({ refreshToken: 'not-a-token' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.REFRESH_TOKEN_INVALID',
    });
  });

  it('rejects an empty token as BAD_USER_INPUT', async () => {
    const { kit } = await signedIn();
    await expect(kit.refresh.execute({ refreshToken: '' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
  });
});
