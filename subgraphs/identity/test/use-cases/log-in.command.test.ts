import { describe, expect, it } from 'vitest';
import { rejection } from '@agora/context-runtime/testing';
import { aRegistration, identityTestKit } from '../support/identity-test-kit';

const invalidCredentials = { code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS' };

async function registered(options?: Parameters<typeof identityTestKit>[0]) {
  const kit = identityTestKit(options);
  const { account } = await kit.register.execute(aRegistration());
  return { kit, account };
}

describe('logIn', () => {
  it.each(['ana@example.com', ' ANA@Example.com', 'ana', 'Ana'])('signs in with %j and starts a new session family', async (login) => {
    const { kit, account } = await registered();
    const session = await kit.logIn.execute({ login, password: 'correct horse battery' });
    expect(session.account.id).toBe(account.id);
    expect(kit.store.families.size).toBe(2); // registration's + this login's
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rejects a wrong password and an unknown login with the same error', async () => {
    const { kit } = await registered();
    const wrong = await kit.logIn.execute({ login: 'ana', password: 'wrong password' }).catch((e: unknown) => e);
    const unknown = await kit.logIn.execute({ login: 'nobody', password: 'wrong password' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject(invalidCredentials);
    expect(unknown).toMatchObject(invalidCredentials);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it('still runs a hash verification for an unknown login (timing)', async () => {
    const { kit } = await registered();
    kit.hasher.verifiedAgainst.length = 0;
    await expect(kit.logIn.execute({ login: 'nobody@example.com', password: 'whatever1' })).rejects.toMatchObject(invalidCredentials);
    expect(kit.hasher.verifiedAgainst).toEqual([null]);
  });

  it('refuses the 11th attempt per (account, IP) — email and username are one account — even with the right password', async () => {
    const { kit } = await registered();
    for (let i = 0; i < 10; i++) {
      const login = ['ana', 'ANA', 'ana@example.com'][i % 3]!;
      await expect(kit.logIn.execute({ login, password: 'wrong password' }, { clientIp: '203.0.113.9' })).rejects.toMatchObject(
        invalidCredentials,
      );
    }
    for (const login of ['ana', 'Ana@Example.com']) {
      const refused = await rejection(kit.logIn.execute({ login, password: 'correct horse battery' }, { clientIp: '203.0.113.9' }));
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS', field: 'login' });
      // blocked 15 minutes
      expect((refused as { retryAfter?: number }).retryAfter).toBeGreaterThan(14 * 60);
    }
    // the owner, from their own address, is not locked out by someone else's guesses
    await expect(
      kit.logIn.execute({ login: 'ana', password: 'correct horse battery' }, { clientIp: '198.51.100.1' }),
    ).resolves.toBeDefined();
  });

  it('counts an unknown login under its normalised spelling, like an account', async () => {
    const { kit } = await registered({ limits: { loginAccountIp: { points: 2, durationSeconds: 60, blockSeconds: 60 } } });
    for (const login of ['Nobody', ' nobody ']) {
      await expect(kit.logIn.execute({ login, password: 'wrong password' })).rejects.toMatchObject(invalidCredentials);
    }
    await expect(kit.logIn.execute({ login: 'NOBODY', password: 'wrong password' })).rejects.toMatchObject({
      reason: 'IDENTITY.TOO_MANY_ATTEMPTS',
    });
  });

  it('stops counting a client against anyone once its IP budget is spent', async () => {
    const { kit } = await registered({ limits: { loginIp: { points: 3, durationSeconds: 3600, blockSeconds: 0 } } });
    for (const login of ['x1', 'x2', 'x3']) {
      await expect(kit.logIn.execute({ login, password: 'wrong password' }, { clientIp: '203.0.113.50' })).rejects.toMatchObject(
        invalidCredentials,
      );
    }
    await expect(
      kit.logIn.execute({ login: 'ana', password: 'correct horse battery' }, { clientIp: '203.0.113.50' }),
    ).rejects.toMatchObject({ reason: 'IDENTITY.TOO_MANY_ATTEMPTS' });
    await expect(
      kit.logIn.execute({ login: 'ana', password: 'correct horse battery' }, { clientIp: '203.0.113.51' }),
    ).resolves.toBeDefined();
  });

  it('starts the (account, IP) count over after a successful sign-in', async () => {
    const { kit } = await registered({ limits: { loginAccountIp: { points: 2, durationSeconds: 60, blockSeconds: 60 } } });
    await expect(kit.logIn.execute({ login: 'ana', password: 'wrong password' })).rejects.toMatchObject(invalidCredentials);
    await kit.logIn.execute({ login: 'ana', password: 'correct horse battery' });
    await expect(kit.logIn.execute({ login: 'ana', password: 'wrong password' })).rejects.toMatchObject(invalidCredentials);
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).resolves.toBeDefined();
  });

  it('answers an account without a password (external sign-in only) like a wrong password', async () => {
    const { kit, account } = await registered();
    kit.store.accounts.get(account.id)!.passwordHash = null;
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).rejects.toMatchObject(invalidCredentials);
  });

  it.each([
    [{ login: '', password: 'x' }, 'login'],
    [{ login: '   ', password: 'x' }, 'login'],
    [{ login: 'ana', password: '' }, 'password'],
    [{ login: 'ana', password: 'x'.repeat(129) }, 'password'],
  ])('rejects malformed input %j as BAD_USER_INPUT', async (input, field) => {
    const { kit } = await registered();
    await expect(kit.logIn.execute(input)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
