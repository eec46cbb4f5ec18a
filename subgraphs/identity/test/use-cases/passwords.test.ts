import { rejection } from '@agora/context-runtime/testing';
import { describe, expect, it } from 'vitest';
import { tokenOf } from '../../src/application/testing/in-memory-identity-store';
import { aRegistration, identityTestKit } from '../support/identity-test-kit';

const HOUR = 3_600_000;
const resetInvalid = { code: 'BAD_USER_INPUT', reason: 'IDENTITY.RESET_TOKEN_INVALID', field: 'token' };

async function registered(options?: Parameters<typeof identityTestKit>[0]) {
  const kit = identityTestKit(options);
  const session = await kit.register.execute(aRegistration());
  return { kit, session, viewer: { userId: session.account.id, username: 'ana' } };
}

async function resetMail(kit: ReturnType<typeof identityTestKit>, email = 'ana@example.com') {
  await kit.requestReset.execute({ email });
  await kit.processResets();
  return kit.store.mails.filter((m) => m.kind === 'identity.reset-password').at(-1);
}

describe('requestPasswordReset', () => {
  it('answers true and only queues a request, whether or not the email exists', async () => {
    const { kit } = await registered();
    const mailsBefore = kit.store.mails.length;
    expect(await kit.requestReset.execute({ email: ' Ana@Example.com ' })).toBe(true);
    expect(await kit.requestReset.execute({ email: 'nobody@example.com' })).toBe(true);
    expect(kit.store.resetRequests.map((r) => r.email)).toEqual(['ana@example.com', 'nobody@example.com']);
    // nothing else happened in the request itself
    expect(kit.store.mails).toHaveLength(mailsBefore);
    expect([...kit.store.accountTokens.values()].filter((t) => t.purpose === 'RESET_PASSWORD')).toHaveLength(0);
  });

  it('mails a 1 h link for a real account and nothing for an unknown email', async () => {
    const { kit, session } = await registered();
    await kit.requestReset.execute({ email: 'nobody@example.com' });
    await kit.processResets();
    expect(kit.store.mails.filter((m) => m.kind === 'identity.reset-password')).toHaveLength(0);
    const mail = await resetMail(kit);
    expect(mail).toMatchObject({ to: 'ana@example.com' });
    const token = [...kit.store.accountTokens.values()].find((t) => t.purpose === 'RESET_PASSWORD')!;
    expect(token).toMatchObject({ accountId: session.account.id });
    expect(token.expiresAt.getTime() - kit.clock.now().getTime()).toBe(HOUR);
    expect(kit.store.resetRequests.every((r) => r.handledAt !== null)).toBe(true);
  });

  it('rejects a malformed email as BAD_USER_INPUT', async () => {
    const { kit } = await registered();
    expect(await rejection(kit.requestReset.execute({ email: 'nope' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(kit.store.resetRequests).toHaveLength(0);
  });

  it('is limited per email (3 per hour) and per IP (10 per hour)', async () => {
    const { kit } = await registered();
    for (let i = 0; i < 3; i++) await kit.requestReset.execute({ email: 'ana@example.com' }, { clientIp: `198.51.100.${i}` });
    expect(await rejection(kit.requestReset.execute({ email: 'ANA@example.com' }, { clientIp: '198.51.100.9' }))).toMatchObject({
      code: 'RATE_LIMITED',
    });
    for (let i = 0; i < 10; i++) await kit.requestReset.execute({ email: `u${i}@example.com` }, { clientIp: '203.0.113.1' });
    expect(await rejection(kit.requestReset.execute({ email: 'u99@example.com' }, { clientIp: '203.0.113.1' }))).toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

describe('resetPassword', () => {
  it('sets the password, ends every session, signs in, verifies the email, and works once', async () => {
    const { kit, session } = await registered();
    const other = await kit.logIn.execute({ login: 'ana', password: 'correct horse battery' });
    const token = tokenOf((await resetMail(kit))!);

    const reset = await kit.resetPassword.execute({ token, newPassword: 'brand new passphrase' }, 'req-reset');
    expect(reset.account.id).toBe(session.account.id);
    expect(reset.accessToken).toMatch(/:verified$/);
    for (const old of [session.refreshToken, other.refreshToken]) {
      expect(await rejection(kit.refresh.execute({ refreshToken: old }))).toMatchObject({ reason: 'IDENTITY.SESSION_REVOKED' });
    }
    await expect(kit.refresh.execute({ refreshToken: reset.refreshToken })).resolves.toBeDefined();
    await expect(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' })).rejects.toMatchObject({
      reason: 'IDENTITY.INVALID_CREDENTIALS',
    });
    await expect(kit.logIn.execute({ login: 'ana', password: 'brand new passphrase' })).resolves.toBeDefined();
    expect(kit.store.outbox.at(-1)).toMatchObject({ event: { type: 'AccountEmailVerified' }, meta: { correlationId: 'req-reset' } });
    expect(kit.store.mails.at(-1)).toMatchObject({ kind: 'identity.password-changed', to: 'ana@example.com' });

    expect(await rejection(kit.resetPassword.execute({ token, newPassword: 'third passphrase' }))).toMatchObject(resetInvalid);
  });

  it('creates the credential of an account that had none', async () => {
    const { kit, session } = await registered();
    kit.store.accounts.get(session.account.id)!.passwordHash = null;
    const token = tokenOf((await resetMail(kit))!);
    await kit.resetPassword.execute({ token, newPassword: 'brand new passphrase' });
    await expect(kit.logIn.execute({ login: 'ana', password: 'brand new passphrase' })).resolves.toBeDefined();
  });

  it('retires an older link when a newer one is mailed', async () => {
    const { kit } = await registered();
    const first = tokenOf((await resetMail(kit))!);
    const second = tokenOf((await resetMail(kit))!);
    expect(await rejection(kit.resetPassword.execute({ token: first, newPassword: 'brand new passphrase' }))).toMatchObject(resetInvalid);
    await expect(kit.resetPassword.execute({ token: second, newPassword: 'brand new passphrase' })).resolves.toBeDefined();
  });

  it('refuses an expired link (after 1 h) and a verification token, changing nothing', async () => {
    const { kit, session } = await registered();
    const hashBefore = kit.store.accounts.get(session.account.id)!.passwordHash;
    const verification = tokenOf(kit.store.mails[0]!);
    expect(await rejection(kit.resetPassword.execute({ token: verification, newPassword: 'brand new passphrase' }))).toMatchObject(
      resetInvalid,
    );
    const token = tokenOf((await resetMail(kit))!);
    kit.clock.advance(HOUR);
    expect(await rejection(kit.resetPassword.execute({ token, newPassword: 'brand new passphrase' }))).toMatchObject(resetInvalid);
    expect(kit.store.accounts.get(session.account.id)!.passwordHash).toBe(hashBefore);
    expect([...kit.store.families.values()].every((f) => f.revokedAt === null)).toBe(true);
  });

  it('rejects a too-short new password without consuming the link', async () => {
    const { kit } = await registered();
    const token = tokenOf((await resetMail(kit))!);
    expect(await rejection(kit.resetPassword.execute({ token, newPassword: 'short' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'newPassword',
    });
    await expect(kit.resetPassword.execute({ token, newPassword: 'long enough now' })).resolves.toBeDefined();
  });
});

describe('changePassword', () => {
  it('checks the current password, ends every session, returns a new one and mails a notice', async () => {
    const { kit, session, viewer } = await registered();
    const changed = await kit.changePassword.execute(
      { currentPassword: 'correct horse battery', newPassword: 'brand new passphrase' },
      { as: viewer },
    );
    expect(await rejection(kit.refresh.execute({ refreshToken: session.refreshToken }))).toMatchObject({
      reason: 'IDENTITY.SESSION_REVOKED',
    });
    await expect(kit.refresh.execute({ refreshToken: changed.refreshToken })).resolves.toBeDefined();
    await expect(kit.logIn.execute({ login: 'ana', password: 'brand new passphrase' })).resolves.toBeDefined();
    expect(kit.store.mails.at(-1)).toMatchObject({ kind: 'identity.password-changed' });
  });

  it('refuses a wrong current password on `currentPassword`, counting it as a failed sign-in', async () => {
    const { kit, session, viewer } = await registered({ limits: { loginAccountIp: { points: 2, durationSeconds: 60, blockSeconds: 60 } } });
    const attempt = () =>
      kit.changePassword.execute({ currentPassword: 'wrong password', newPassword: 'brand new passphrase' }, { as: viewer });
    expect(await rejection(attempt())).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.INVALID_CREDENTIALS',
      field: 'currentPassword',
    });
    expect(await rejection(attempt())).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });
    expect(await rejection(attempt())).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS' });
    // and a sign-in from the same address is blocked too
    expect(await rejection(kit.logIn.execute({ login: 'ana', password: 'correct horse battery' }))).toMatchObject({ code: 'RATE_LIMITED' });
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).resolves.toBeDefined();
  });

  it('refuses the same password as new', async () => {
    const { kit, viewer } = await registered();
    expect(
      await rejection(
        kit.changePassword.execute({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }, { as: viewer }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
  });
});

describe('register with AUTH_REQUIRE_VERIFIED_EMAIL=true (no email enumeration)', () => {
  it('answers a taken email like success, creates nothing and mails the owner', async () => {
    const { kit } = await registered({ requireVerifiedEmail: true });
    const hashesBefore = kit.hasher.verifiedAgainst.length;
    const answer = await kit.register.execute(aRegistration({ email: 'ANA@example.com', username: 'someone_else' }));
    expect(answer.accessToken).toBeTruthy();
    expect(answer.account.username).toBe('someone_else');
    expect(kit.store.accounts.size).toBe(1);
    expect(kit.store.mails.at(-1)).toMatchObject({ kind: 'identity.registration-attempt', to: 'ana@example.com' });
    expect(kit.hasher.verifiedAgainst.length).toBe(hashesBefore);
    // its refresh token belongs to no session
    expect(await rejection(kit.refresh.execute({ refreshToken: answer.refreshToken }))).toMatchObject({
      reason: 'IDENTITY.REFRESH_TOKEN_INVALID',
    });
  });

  it('still answers USERNAME_TAKEN (usernames are public)', async () => {
    const { kit } = await registered({ requireVerifiedEmail: true });
    expect(await rejection(kit.register.execute(aRegistration({ email: 'ana@example.com' })))).toMatchObject({
      reason: 'IDENTITY.USERNAME_TAKEN',
    });
  });

  it('keeps EMAIL_TAKEN in the default mode', async () => {
    const { kit } = await registered();
    expect(await rejection(kit.register.execute(aRegistration({ username: 'other' })))).toMatchObject({ reason: 'IDENTITY.EMAIL_TAKEN' });
  });
});

describe('register limits', () => {
  it('allows 10 registrations per IP per hour', async () => {
    const kit = identityTestKit();
    for (let i = 0; i < 10; i++)
      await kit.register.execute(aRegistration({ email: `u${i}@example.com`, username: `user_${i}` }), { clientIp: '203.0.113.5' });
    expect(
      await rejection(kit.register.execute(aRegistration({ email: 'u10@example.com', username: 'user_10' }), { clientIp: '203.0.113.5' })),
    ).toMatchObject({ code: 'RATE_LIMITED' });
    await expect(
      kit.register.execute(aRegistration({ email: 'u11@example.com', username: 'user_11' }), { clientIp: '203.0.113.6' }),
    ).resolves.toBeDefined();
  });
});
