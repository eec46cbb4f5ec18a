import { describe, expect, it } from 'vitest';
import { USERNAME_RULE } from '../../src/domain/account/username';
import { aRegistration, identityTestKit, REFRESH_TTL_SECONDS } from '../support/identity-test-kit';

describe('registerAccount', () => {
  it('creates the account with a hashed password, records AccountRegistered and signs the person in', async () => {
    const kit = identityTestKit();
    const session = await kit.register.execute(aRegistration({ email: ' Ana@Example.COM ' }), 'req-1');

    expect(session.account).toMatchObject({ email: 'ana@example.com', username: 'ana', createdAt: kit.clock.now() });
    const stored = kit.store.accounts.get(session.account.id)!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain('correct horse');
    expect(kit.store.outbox).toEqual([
      {
        event: { type: 'AccountRegistered', accountId: session.account.id, username: 'ana', registeredAt: kit.clock.now() },
        meta: { correlationId: 'req-1' },
      },
    ]);
    expect(session.accessToken).toBe(`access:${session.account.id}:1`);
    expect(session.expiresAt.getTime() - kit.clock.now().getTime()).toBe(900_000);
    const [token] = [...kit.store.tokens.values()];
    expect(token!.expiresAt.getTime() - kit.clock.now().getTime()).toBe(REFRESH_TTL_SECONDS * 1000);
    // only the digest is stored
    expect(token!.digest).not.toBe(session.refreshToken);
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rejects a second account with the same email (any casing)', async () => {
    const kit = identityTestKit();
    await kit.register.execute(aRegistration());
    await expect(kit.register.execute(aRegistration({ email: 'ANA@example.com', username: 'other' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'IDENTITY.EMAIL_TAKEN',
      field: 'email',
    });
    expect(kit.store.accounts.size).toBe(1);
    expect(kit.store.outbox).toHaveLength(1);
  });

  it('rejects a taken username', async () => {
    const kit = identityTestKit();
    await kit.register.execute(aRegistration());
    await expect(kit.register.execute(aRegistration({ email: 'other@example.com' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'IDENTITY.USERNAME_TAKEN',
      field: 'username',
    });
  });

  it.each([
    ['email', aRegistration({ email: 'not-an-email' }), 'Enter a valid email address'],
    ['email', aRegistration({ email: `${'a'.repeat(250)}@x.io` }), 'at most 254'],
    ['password', aRegistration({ password: 'short' }), '8–128'],
    ['password', aRegistration({ password: 'x'.repeat(129) }), '8–128'],
    ['username', aRegistration({ username: 'Ana' }), USERNAME_RULE],
    ['username', aRegistration({ username: 'ab' }), USERNAME_RULE],
    ['username', aRegistration({ username: 'a-b-c' }), USERNAME_RULE],
  ])('rejects a bad %s as BAD_USER_INPUT on that field', async (field, input, message) => {
    const kit = identityTestKit();
    await expect(kit.register.execute(input)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field });
    await expect(kit.register.execute(input)).rejects.toThrow(message);
    expect(kit.store.accounts.size).toBe(0);
    expect(kit.store.outbox).toHaveLength(0);
  });
});
