import { rejection } from '@agora/context-runtime/testing';
import { describe, expect, it } from 'vitest';
import { tokenOf } from '../../src/application/testing/in-memory-identity-store';
import { aRegistration, identityTestKit } from '../support/identity-test-kit';

const HOUR = 3_600_000;
const invalidToken = { code: 'BAD_USER_INPUT', reason: 'IDENTITY.VERIFICATION_TOKEN_INVALID', field: 'token' };

async function registered(options?: Parameters<typeof identityTestKit>[0]) {
  const kit = identityTestKit(options);
  const session = await kit.register.execute(aRegistration());
  const viewer = { userId: session.account.id, username: 'ana' };
  return { kit, session, viewer };
}

describe('register → verification mail', () => {
  it('stores a 24 h VERIFY_EMAIL token (digest only) and queues its mail with the registration', async () => {
    const { kit, session } = await registered();
    const [token] = [...kit.store.accountTokens.values()];
    expect(token).toMatchObject({ purpose: 'VERIFY_EMAIL', accountId: session.account.id, email: 'ana@example.com', usedAt: null });
    expect(token!.expiresAt.getTime() - kit.clock.now().getTime()).toBe(24 * HOUR);
    expect(kit.store.mails).toHaveLength(1);
    const [mail] = kit.store.mails;
    expect(mail).toMatchObject({ kind: 'identity.verify-email', to: 'ana@example.com' });
    expect(tokenOf(mail!)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token!.digest).not.toBe(tokenOf(mail!));
    // the access token says unverified
    expect(session.accessToken).not.toContain(':verified');
    expect(session.account.emailVerifiedAt).toBeNull();
  });
});

describe('verifyEmail', () => {
  it('verifies once, records AccountEmailVerified, and the next session says verified', async () => {
    const { kit, session } = await registered();
    const token = tokenOf(kit.store.mails[0]!);
    const account = await kit.verifyEmail.execute({ token }, 'req-verify');
    expect(account).toMatchObject({ id: session.account.id, emailVerifiedAt: kit.clock.now() });
    expect(kit.store.outbox.at(-1)).toEqual({
      event: { type: 'AccountEmailVerified', accountId: session.account.id, email: 'ana@example.com', verifiedAt: kit.clock.now() },
      meta: { correlationId: 'req-verify' },
    });
    expect(await rejection(kit.verifyEmail.execute({ token }))).toMatchObject(invalidToken);
    const refreshed = await kit.refresh.execute({ refreshToken: session.refreshToken });
    expect(refreshed.accessToken).toMatch(/:verified$/);
  });

  it.each([
    ['unknown', (_token: string) => 'A'.repeat(43)],
    ['empty', () => ''],
  ])('refuses an %s token', async (_case, forge) => {
    const { kit } = await registered();
    const error = await rejection(kit.verifyEmail.execute({ token: forge(tokenOf(kit.store.mails[0]!)) }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('refuses an expired token (after 24 h) and writes nothing', async () => {
    const { kit } = await registered();
    const token = tokenOf(kit.store.mails[0]!);
    kit.clock.advance(24 * HOUR);
    expect(await rejection(kit.verifyEmail.execute({ token }))).toMatchObject(invalidToken);
    expect(kit.store.outbox).toHaveLength(1);
  });

  it('refuses a token mailed to an address the account no longer has', async () => {
    const { kit, session } = await registered();
    const stored = kit.store.accounts.get(session.account.id)!;
    stored.account = { ...stored.account, email: 'new@example.com' };
    expect(await rejection(kit.verifyEmail.execute({ token: tokenOf(kit.store.mails[0]!) }))).toMatchObject(invalidToken);
  });

  it('refuses a password-reset token', async () => {
    const { kit } = await registered();
    await kit.requestReset.execute({ email: 'ana@example.com' });
    await kit.processResets();
    expect(await rejection(kit.verifyEmail.execute({ token: tokenOf(kit.store.mails.at(-1)!) }))).toMatchObject(invalidToken);
  });
});

describe('resendVerificationEmail', () => {
  it('mails a new link and retires the old one', async () => {
    const { kit, viewer } = await registered();
    const first = tokenOf(kit.store.mails[0]!);
    expect(await kit.resendVerification.execute(undefined, { as: viewer })).toBe(true);
    const second = tokenOf(kit.store.mails[1]!);
    expect(await rejection(kit.verifyEmail.execute({ token: first }))).toMatchObject(invalidToken);
    await expect(kit.verifyEmail.execute({ token: second })).resolves.toMatchObject({ emailVerifiedAt: kit.clock.now() });
  });

  it('answers false and sends nothing once verified', async () => {
    const { kit, viewer } = await registered();
    await kit.verifyEmail.execute({ token: tokenOf(kit.store.mails[0]!) });
    expect(await kit.resendVerification.execute(undefined, { as: viewer })).toBe(false);
    expect(kit.store.mails).toHaveLength(1);
  });

  it('is limited to 3 per account per hour (RATE_LIMITED with retryAfter)', async () => {
    const { kit, viewer } = await registered();
    for (let i = 0; i < 3; i++) await kit.resendVerification.execute(undefined, { as: viewer, clientIp: `203.0.113.${i}` });
    const refused = await rejection(kit.resendVerification.execute(undefined, { as: viewer, clientIp: '203.0.113.99' }));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.RATE_LIMITED' });
    expect((refused as { retryAfter?: number }).retryAfter).toBeGreaterThan(3500);
    expect(kit.store.mails).toHaveLength(4);
  });

  it('needs a signed-in viewer', async () => {
    const { kit } = await registered();
    expect(await rejection(kit.resendVerification.execute(undefined))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('AUTH_REQUIRE_VERIFIED_EMAIL', () => {
  it('lets an unverified viewer resend the mail and change the password, not other writes', async () => {
    const { kit, viewer } = await registered({ requireVerifiedEmail: true });
    await expect(kit.resendVerification.execute(undefined, { as: { ...viewer, emailVerified: false } })).resolves.toBe(true);
    await expect(
      kit.changePassword.execute(
        { currentPassword: 'correct horse battery', newPassword: 'a new passphrase' },
        { as: { ...viewer, emailVerified: false } },
      ),
    ).resolves.toBeDefined();
  });
});
