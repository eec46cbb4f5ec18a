import { describe, expect, it } from 'vitest';
import { aRegistration, identityTestKit } from '../support/identity-test-kit';

describe('logOut', () => {
  it('revokes the family of the token, so neither it nor its predecessors refresh any more', async () => {
    const kit = identityTestKit();
    const first = await kit.register.execute(aRegistration());
    const second = await kit.refresh.execute({ refreshToken: first.refreshToken });
    await expect(kit.logOut.execute({ refreshToken: second.refreshToken })).resolves.toBe(true);
    expect([...kit.store.families.values()][0]).toMatchObject({ reason: 'logout' });
    await expect(kit.refresh.execute({ refreshToken: second.refreshToken })).rejects.toMatchObject({
      reason: 'IDENTITY.SESSION_REVOKED',
    });
  });

  it('leaves other sessions of the same account alone', async () => {
    const kit = identityTestKit();
    const registration = await kit.register.execute(aRegistration());
    const otherDevice = await kit.logIn.execute({ login: 'ana', password: 'correct horse battery' });
    await kit.logOut.execute({ refreshToken: registration.refreshToken });
    await expect(kit.refresh.execute({ refreshToken: otherDevice.refreshToken })).resolves.toBeDefined();
  });

  it('returns false for an unknown token', async () => {
    const kit = identityTestKit();
    await expect(kit.logOut.execute({ refreshToken: 'unknown' })).resolves.toBe(false);
  });

  it('is idempotent for a known token', async () => {
    const kit = identityTestKit();
    const { refreshToken } = await kit.register.execute(aRegistration());
    await kit.logOut.execute({ refreshToken });
    const revokedAt = [...kit.store.families.values()][0]!.revokedAt;
    kit.clock.advance(1000);
    await expect(kit.logOut.execute({ refreshToken })).resolves.toBe(true);
    expect([...kit.store.families.values()][0]!.revokedAt).toEqual(revokedAt);
  });
});
