import { describe, expect, it } from 'vitest';
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

  it('refuses further attempts after 10 failures per normalised login, then allows them once the window passes', async () => {
    const { kit } = await registered();
    for (let i = 0; i < 10; i++) {
      await expect(kit.logIn.execute({ login: i % 2 ? 'ANA' : 'ana', password: 'wrong password' })).rejects.toMatchObject(
        invalidCredentials,
      );
    }
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'IDENTITY.TOO_MANY_ATTEMPTS',
    });
    // the email is a different login key
    await expect(kit.logIn.execute({ login: 'ana@example.com', password: 'correct horse battery' })).resolves.toBeDefined();
    kit.clock.advance(15 * 60 * 1000);
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).resolves.toBeDefined();
  });

  it('resets the failure count after a successful sign-in', async () => {
    const { kit } = await registered({ throttle: { maxFailures: 2, windowMs: 60_000, maxTrackedLogins: 10 } });
    await expect(kit.logIn.execute({ login: 'ana', password: 'wrong password' })).rejects.toMatchObject(invalidCredentials);
    await kit.logIn.execute({ login: 'ana', password: 'correct horse battery' });
    await expect(kit.logIn.execute({ login: 'ana', password: 'wrong password' })).rejects.toMatchObject(invalidCredentials);
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).resolves.toBeDefined();
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
