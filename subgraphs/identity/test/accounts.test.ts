import { startSmtpServer, type ParsedMail, type TestSmtpServer } from '@agora/mail/testing';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNats, tempDir, waitFor, type NatsServer } from '@agora/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

/**
 * Complete accounts through identity's GraphQL API, on PGlite and real NATS, with the mail worker
 * sending through a real SMTP server: the links in what arrives are what the flows consume.
 */

const AUTH = 'accessToken refreshToken user { id username email emailVerified }';
const Q = {
  verify: `mutation V($input: VerifyEmailInput!) { verifyEmail(input: $input) { id email emailVerified } }`,
  resend: `mutation { resendVerificationEmail }`,
  requestReset: `mutation R($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`,
  reset: `mutation P($input: ResetPasswordInput!) { resetPassword(input: $input) { ${AUTH} } }`,
  change: `mutation C($input: ChangePasswordInput!) { changePassword(input: $input) { ${AUTH} } }`,
  me: `query { me { id emailVerified } }`,
  user: `query U($username: String!) { user(username: $username) { id emailVerified } }`,
};

let nats: NatsServer;
let smtp: TestSmtpServer;
let identity: IdentityHarness;

beforeAll(async () => {
  [nats, smtp] = await Promise.all([startNats(), startSmtpServer()]);
  identity = await startIdentityHarness({
    natsUrl: nats.url,
    env: { SMTP_URL: smtp.url, AGORA_PUBLIC_URL: 'https://agora.test' },
    mailPollIntervalMs: 100,
  });
});

afterAll(async () => {
  await identity?.stop();
  await smtp?.close();
  await nats?.stop();
});

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;
const mailsTo = (address: string) => smtp.messages.filter((m) => to(m) === address);

/** The next mail to `address` whose text links to `path`; returns the link's token. */
async function linkToken(address: string, path: string, nth: number): Promise<string> {
  const matching = (messages: ParsedMail[]) => messages.filter((m) => to(m) === address && m.text?.includes(path));
  const [mail] = (await smtp.waitForMessages((messages) => matching(messages).length >= nth, { timeoutMs: 10_000 }))
    .filter((m) => to(m) === address && m.text?.includes(path))
    .slice(nth - 1);
  const match = new RegExp(`https://agora\\.test${path.replace('?', '\\?')}\\?token=([A-Za-z0-9_-]+)`).exec(mail!.text!);
  expect(match, mail!.text).not.toBeNull();
  expect(mail!.html).toContain(`https://agora.test${path}?token=${match![1]}`);
  return match![1]!;
}

const viewerOf = (auth: { user: { id: string; username: string } }) => ({ userId: auth.user.id, username: auth.user.username });

describe('email verification', () => {
  it('register mails a link whose token verifies once; the event leaves through the outbox; a refreshed token says verified', async () => {
    const input = aRegistration();
    const registered = (await identity.register(input)).data.register;
    expect(decodeJwt(registered.accessToken).email_verified).toBe(false);

    const token = await linkToken(input.email, '/account/verify-email', 1);
    const verified = await identity.request(Q.verify, { input: { token } });
    expect(verified.data.verifyEmail).toEqual({ id: registered.user.id, email: input.email, emailVerified: true });
    expect(onlyError(await identity.request(Q.verify, { input: { token } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'IDENTITY.VERIFICATION_TOKEN_INVALID',
      field: 'token',
    });

    const viewer = viewerOf(registered);
    expect((await identity.request(Q.me, {}, viewer)).data.me).toEqual({ id: registered.user.id, emailVerified: true });
    // others do not see it
    const stranger = { userId: '01935f0e-7a3c-7000-8000-00000000ffff', username: 'stranger' };
    expect((await identity.request(Q.user, { username: input.username }, stranger)).data.user.emailVerified).toBeNull();

    const event = await waitFor(() =>
      identity.app.prisma.outboxEvent.findFirst({
        where: { type: 'identity.account.email-verified.v1', aggregateId: registered.user.id, publishedAt: { not: null } },
      }),
    );
    expect((event!.envelope as { payload: unknown }).payload).toMatchObject({ accountId: registered.user.id, email: input.email });

    const refreshed = (await identity.refresh(registered.refreshToken)).data.refreshSession;
    expect(decodeJwt(refreshed.accessToken).email_verified).toBe(true);
    expect((await identity.request(Q.resend, {}, viewer)).data).toEqual({ resendVerificationEmail: false });
  });

  it('resend mails a new link and the older one stops working', async () => {
    const input = aRegistration();
    const registered = (await identity.register(input)).data.register;
    const first = await linkToken(input.email, '/account/verify-email', 1);
    expect((await identity.request(Q.resend, {}, viewerOf(registered))).data).toEqual({ resendVerificationEmail: true });
    const second = await linkToken(input.email, '/account/verify-email', 2);
    expect(onlyError(await identity.request(Q.verify, { input: { token: first } }))).toMatchObject({
      reason: 'IDENTITY.VERIFICATION_TOKEN_INVALID',
    });
    expect((await identity.request(Q.verify, { input: { token: second } })).data.verifyEmail.emailVerified).toBe(true);
  });

  it('a forged token changes nothing', async () => {
    const before = await identity.app.prisma.account.count({ where: { emailVerifiedAt: { not: null } } });
    expect(onlyError(await identity.request(Q.verify, { input: { token: 'x'.repeat(43) } }))).toMatchObject({
      reason: 'IDENTITY.VERIFICATION_TOKEN_INVALID',
    });
    expect(await identity.app.prisma.account.count({ where: { emailVerifiedAt: { not: null } } })).toBe(before);
  });
});

describe('password reset', () => {
  it('answers true for an unknown email and sends nothing', async () => {
    const mailsBefore = await identity.app.prisma.mailOutbox.count();
    expect((await identity.request(Q.requestReset, { input: { email: 'nobody.here@example.com' } })).data).toEqual({
      requestPasswordReset: true,
    });
    await waitFor(async () =>
      (await identity.app.prisma.passwordResetRequest.findFirst({ where: { email: 'nobody.here@example.com' } }))?.handledAt ? true : null,
    );
    expect(await identity.app.prisma.mailOutbox.count()).toBe(mailsBefore);
    expect(mailsTo('nobody.here@example.com')).toHaveLength(0);
  });

  it('mails a link for a real account; resetPassword works once, ends every old session and the old password, verifies the email', async () => {
    const input = aRegistration();
    const registered = (await identity.register(input)).data.register;
    const login = (await identity.login(input.username, input.password)).data.login;

    expect((await identity.request(Q.requestReset, { input: { email: input.email.toUpperCase() } })).data.requestPasswordReset).toBe(true);
    const token = await linkToken(input.email, '/account/reset-password', 1);

    // a bad new password is refused before anything is written: the link still works after
    expect(onlyError(await identity.request(Q.reset, { input: { token, newPassword: 'short' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'newPassword',
    });

    const reset = (await identity.request(Q.reset, { input: { token, newPassword: 'a fresh passphrase' } })).data.resetPassword;
    expect(reset.user).toMatchObject({ id: registered.user.id, emailVerified: true });
    expect(decodeJwt(reset.accessToken).email_verified).toBe(true);
    expect(onlyError(await identity.request(Q.reset, { input: { token, newPassword: 'another passphrase' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'IDENTITY.RESET_TOKEN_INVALID',
      field: 'token',
    });

    for (const old of [registered.refreshToken, login.refreshToken]) {
      expect(onlyError(await identity.refresh(old))).toMatchObject({ reason: 'IDENTITY.SESSION_REVOKED' });
    }
    expect(onlyError(await identity.login(input.email, input.password))).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });
    expect((await identity.login(input.email, 'a fresh passphrase')).data.login.user.id).toBe(registered.user.id);
    expect((await identity.refresh(reset.refreshToken)).errors).toBeUndefined();

    await smtp.waitForMessages((messages) => messages.some((m) => to(m) === input.email && m.subject === 'Your password was changed'));
    await waitFor(() =>
      identity.app.prisma.outboxEvent.findFirst({ where: { type: 'identity.account.email-verified.v1', aggregateId: registered.user.id } }),
    );
  });
});

describe('changePassword', () => {
  it('needs the current password, ends every other session, returns a new one and mails a notice', async () => {
    const input = aRegistration();
    const registered = (await identity.register(input)).data.register;
    const viewer = viewerOf(registered);
    const other = (await identity.login(input.username, input.password)).data.login;

    expect(
      onlyError(
        await identity.request(Q.change, { input: { currentPassword: 'not my password', newPassword: 'a newer passphrase' } }, viewer),
      ),
    ).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS', field: 'currentPassword' });
    // nothing changed by the refusal
    expect((await identity.refresh(other.refreshToken)).errors).toBeUndefined();
    const current = (await identity.login(input.username, input.password)).data.login;

    const changed = (
      await identity.request(Q.change, { input: { currentPassword: input.password, newPassword: 'a newer passphrase' } }, viewer)
    ).data.changePassword;
    expect(changed.user.id).toBe(registered.user.id);
    for (const old of [registered.refreshToken, current.refreshToken]) {
      expect(onlyError(await identity.refresh(old))).toMatchObject({ reason: 'IDENTITY.SESSION_REVOKED' });
    }
    expect((await identity.refresh(changed.refreshToken)).errors).toBeUndefined();
    expect(onlyError(await identity.login(input.username, input.password))).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });
    expect((await identity.login(input.username, 'a newer passphrase')).errors).toBeUndefined();
    await smtp.waitForMessages((messages) => messages.some((m) => to(m) === input.email && m.subject === 'Your password was changed'));
  });

  it('needs a signed-in viewer', async () => {
    expect(
      onlyError(await identity.request(Q.change, { input: { currentPassword: 'x', newPassword: 'a newer passphrase' } })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('AUTH_REQUIRE_VERIFIED_EMAIL=true', () => {
  let strict: IdentityHarness;
  beforeAll(async () => {
    strict = await startIdentityHarness({
      natsUrl: nats.url,
      env: { SMTP_URL: smtp.url, AGORA_PUBLIC_URL: 'https://agora.test', AUTH_REQUIRE_VERIFIED_EMAIL: 'true' },
      mailPollIntervalMs: 100,
    });
  });
  afterAll(() => strict?.stop());

  it('register with a taken email answers like success, creates nothing and mails the owner', async () => {
    const owner = aRegistration();
    await strict.register(owner);
    const before = await strict.counts();
    const answer = await strict.register(aRegistration({ email: owner.email }));
    expect(answer.errors).toBeUndefined();
    expect(answer.data.register.accessToken).toEqual(expect.any(String));
    expect(await strict.counts()).toEqual(before);
    await smtp.waitForMessages((messages) =>
      messages.some((m) => to(m) === owner.email && m.subject === 'Someone tried to register with your email'),
    );
    expect(onlyError(await strict.refresh(answer.data.register.refreshToken))).toMatchObject({ reason: 'IDENTITY.REFRESH_TOKEN_INVALID' });
    // a taken username is still said (usernames are public)
    expect(onlyError(await strict.register(aRegistration({ username: owner.username })))).toMatchObject({
      reason: 'IDENTITY.USERNAME_TAKEN',
    });
  });

  it('lets an unverified viewer resend the verification mail', async () => {
    const input = aRegistration();
    const registered = (await strict.register(input)).data.register;
    const viewer = { ...viewerOf(registered), emailVerified: false };
    expect((await strict.request(Q.resend, {}, viewer)).data).toEqual({ resendVerificationEmail: true });
  });
});

describe('without SMTP_URL (development)', () => {
  it('writes the verification mail as an .eml file under DATA_DIR/mail with a working link', async () => {
    const dir = await tempDir('identity-mail-');
    const dev = await startIdentityHarness({ natsUrl: nats.url, env: { DATA_DIR: dir.path }, mailPollIntervalMs: 100 });
    try {
      const input = aRegistration();
      await dev.register(input);
      const mailDir = join(dir.path, 'mail');
      const file = await waitFor(async () => {
        const names = await readdir(mailDir).catch(() => [] as string[]);
        return names.find((name) => name.endsWith('.eml') && name.includes('identity.verify-email')) ?? null;
      });
      // quoted-printable: soft line breaks and `=3D` for `=`
      const eml = (await readFile(join(mailDir, file!), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      expect(eml).toContain(input.email);
      const token = /\/account\/verify-email\?token=([A-Za-z0-9_-]{43})/.exec(eml)?.[1];
      expect(token).toBeDefined();
      expect((await dev.request(Q.verify, { input: { token } })).data.verifyEmail.emailVerified).toBe(true);
    } finally {
      await dev.stop();
      await dir.remove();
    }
  });
});
