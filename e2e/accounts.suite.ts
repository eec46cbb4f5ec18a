/**
 * Issue #11 ("Complete accounts") end to end through the real gateway over HTTP, every context
 * its own process as `npm start` runs them, real NATS, a real SMTP server (smtp-server, in this
 * process) and a real OpenID Connect provider (oauth2-mock-server, Google-style). Run once on
 * embedded PGlite and once on real Postgres.
 *
 * Two platforms per backend, started together:
 * - **main**: every context, mail over SMTP (`SMTP_URL`), rate limits off, Google sign-in
 *   configured: password reset and change, notification mail and settings, OAuth.
 * - **strict**: identity and posts only, NO `SMTP_URL` (development mail: `.eml` files under
 *   `<DATA_DIR>/mail/`), `AUTH_REQUIRE_VERIFIED_EMAIL=true`, rate limits on: email
 *   verification and its fallback page, the verified-email policy, taken-email registration,
 *   limits. Its gateway trusts loopback proxies, so each case speaks from an IP of its own
 *   (X-Forwarded-For) and the limits of one case do not spend another's.
 *
 * Both set AGORA_PUBLIC_URL to their gateway's origin, so the links in mail are followed as sent.
 * "No mail was sent" is proved by a later mail that was sent: mail of one kind leaves in order,
 * so a wrong earlier one would have arrived first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '@agora/mail/testing';
import { startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import {
  ADD_COMMENT,
  CHANGE_PASSWORD,
  COMPLETE_OAUTH,
  CREATE_POST,
  LOGIN,
  ME,
  MY_SETTINGS,
  REFRESH,
  REGISTER,
  REQUEST_RESET,
  RESET_PASSWORD,
  START_OAUTH,
  UNSUBSCRIBE,
  UPDATE_SETTINGS,
  VERIFY_EMAIL,
  clientAt,
  emlMailbox,
  formOf,
  linksIn,
  mailTo,
  refusal,
  sessionOf,
  smtpMailbox,
  startAccountsPlatform,
  tokenClaims,
  tokenFromLink,
  waitForMailTo,
  type AccountsPlatform,
  type Client,
  type Mail,
  type Mailbox,
} from './accounts-support';
import { startOAuthProvider, type OAuthTestProvider } from './oauth-provider';
import { newPerson, type Session } from './support';

/** Contexts of the strict platform (the main one runs every context). */
export const STRICT_CONTEXTS = ['identity', 'posts'] as const;

export type DatabaseEnv = (
  platform: 'main' | 'strict',
  contexts: readonly string[] | undefined,
) => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;

const VERIFY_PATH = '/account/verify-email';
const RESET_PATH = '/account/reset-password';
const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';
/** Where the provider sends the browser back: a frontend page (never loaded: redirects are read, not followed). */
const REDIRECT_URI = 'http://localhost:5173/auth/callback/google';
const NEW_PASSWORD = 'a brand new passphrase 42';
const isVerification = (mail: Mail) => mail.text.includes(VERIFY_PATH);

type Person = ReturnType<typeof newPerson>;

export function defineAccountsSuite(label: string, databaseEnv: DatabaseEnv): void {
  describe(`complete accounts through the gateway (${label})`, () => {
    let nats: NatsServer;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let provider: OAuthTestProvider;
    let mainData: TempDir;
    let strictData: TempDir;
    let main: AccountsPlatform;
    let strict: AccountsPlatform;
    let smtpBox: Mailbox;
    let devBox: Mailbox;
    const cleanups: (() => Promise<unknown>)[] = [];

    const mainClient = clientAt(() => main.gatewayUrl);
    /** The strict platform as the client at `ip`. */
    const strictClient = (ip: string) => clientAt(() => strict.gatewayUrl, ip);

    beforeAll(async () => {
      const started = performance.now();
      [nats, smtp, provider, mainData, strictData] = await Promise.all([
        startNats(),
        startSmtpServer(),
        startOAuthProvider(),
        tempDir('agora-e2e-accounts-'),
        tempDir('agora-e2e-accounts-strict-'),
      ]);
      smtpBox = smtpMailbox(smtp);
      devBox = emlMailbox(strictData.path);
      const [mainDb, strictDb] = await Promise.all([databaseEnv('main', undefined), databaseEnv('strict', STRICT_CONTEXTS)]);
      cleanups.push(mainDb.cleanup, strictDb.cleanup);
      [main, strict] = await Promise.all([
        startAccountsPlatform({
          dataDir: mainData.path,
          natsUrl: nats.url,
          env: {
            ...mainDb.env,
            SMTP_URL: smtp.url,
            AGORA_RATE_LIMITS: 'off',
            GOOGLE_ISSUER: provider.issuer,
            GOOGLE_CLIENT_ID: provider.clientId,
            GOOGLE_CLIENT_SECRET: provider.clientSecret,
            OAUTH_REDIRECT_URIS: REDIRECT_URI,
          },
        }),
        startAccountsPlatform({
          services: STRICT_CONTEXTS,
          dataDir: strictData.path,
          natsUrl: nats.url,
          env: {
            ...strictDb.env,
            AUTH_REQUIRE_VERIFIED_EMAIL: 'true',
            AGORA_RATE_LIMITS: 'on',
            GATEWAY_TRUST_PROXY: 'loopback',
          },
        }),
      ]);
      console.log(`[accounts ${label}] both platforms ready in ${Math.round((performance.now() - started) / 1000)} s`);
    });

    afterAll(async () => {
      await Promise.all([main?.stop(), strict?.stop()]);
      await Promise.all([nats?.stop(), smtp?.close(), provider?.stop()]);
      for (const cleanup of cleanups) await cleanup().catch(() => {});
      await Promise.all([mainData?.remove(), strictData?.remove()]);
    });

    async function registerOn(client: Client, person: Person): Promise<Session> {
      return sessionOf((await client.as(null, REGISTER, { input: person })).register);
    }
    async function refresh(client: Client, session: Session): Promise<Session> {
      return sessionOf((await client.as(null, REFRESH, { input: { refreshToken: session.refreshToken } })).refreshSession);
    }
    /** The verification link's token from the (one) verification mail `address` got. */
    async function verificationToken(box: Mailbox, address: string, publicUrl: string): Promise<string> {
      const [mail] = await waitForMailTo(box, address, { match: isVerification, what: 'the verification mail' });
      return tokenFromLink(mail!, publicUrl, VERIFY_PATH);
    }

    // ── 1. email verification, development mail (no SMTP_URL) ───────────────────────────────

    describe('email verification without SMTP_URL (.eml files under <DATA_DIR>/mail/)', () => {
      const client = () => strictClient('203.0.113.11');

      it('register writes the verification link to a .eml file; verifyEmail confirms once; a refreshed token says email_verified', async () => {
        const person = newPerson('verify');
        const session = await registerOn(client(), person);
        expect(tokenClaims(session.accessToken).email_verified).toBe(false);
        expect((await client().as(session, ME)).me).toMatchObject({ id: session.userId, emailVerified: false });

        const [mail] = await waitForMailTo(devBox, person.email, { match: isVerification, what: 'the verification .eml' });
        const links = linksIn(mail!, strict.publicUrl, VERIFY_PATH);
        expect(links.length).toBeGreaterThan(0);
        expect(links[0]!.href).toMatch(new RegExp(`^${strict.publicUrl.replace(/[.]/g, '\\.')}/account/verify-email\\?token=[^&]+$`));
        const token = tokenFromLink(mail!, strict.publicUrl, VERIFY_PATH);

        const verified = (await client().as(null, VERIFY_EMAIL, { input: { token } })).verifyEmail;
        expect(verified).toMatchObject({ id: session.userId });
        expect((await client().as(session, ME)).me).toMatchObject({ id: session.userId, email: person.email, emailVerified: true });

        const again = await client().raw(null, VERIFY_EMAIL, { input: { token } });
        expect(refusal(again)).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDENTITY.VERIFICATION_TOKEN_INVALID' });
        expect(again.errors?.[0]?.extensions?.field).toBe('token');

        // The old access token still says unverified (documented); a refreshed one says verified.
        expect(tokenClaims(session.accessToken).email_verified).toBe(false);
        const refreshed = await refresh(client(), session);
        expect(tokenClaims(refreshed.accessToken).email_verified).toBe(true);
      });

      it("the gateway's page at the link shows a form on GET without using the token, and verifies on POST", async () => {
        const person = newPerson('verifypage');
        const session = await registerOn(client(), person);
        const [mail] = await waitForMailTo(devBox, person.email, { match: isVerification, what: 'the verification .eml' });
        const [link] = linksIn(mail!, strict.publicUrl, VERIFY_PATH);

        // A mail scanner prefetching the link, twice: nothing happens.
        for (let i = 0; i < 2; i += 1) {
          const page = await fetch(link!, { headers: { 'x-forwarded-for': '203.0.113.11' } });
          expect(page.status).toBe(200);
          expect(page.headers.get('content-type')).toMatch(/text\/html/);
          const html = await page.text();
          expect(html).toMatch(/<form\b/i);
          expect(formOf(html, link!.href).method).toBe('post');
        }
        expect((await client().as(session, ME)).me.emailVerified).toBe(false);

        const page = await (await fetch(link!)).text();
        const form = formOf(page, link!.href);
        const posted = await fetch(form.action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.11' },
          body: new URLSearchParams(form.fields).toString(),
        });
        expect(posted.status).toBe(200);
        expect(posted.headers.get('content-type')).toMatch(/text\/html/);
        await posted.body?.cancel();
        expect((await client().as(session, ME)).me.emailVerified).toBe(true);
      });
    });

    // ── 2. password reset and change, over real SMTP ────────────────────────────────────────

    describe('password reset and change (mail over SMTP_URL)', () => {
      const person = newPerson('reset');
      const unknownEmail = `nobody_${Date.now().toString(36)}@example.test`;
      let registered: Session;
      let loggedIn: Session;
      let resetMail: Mail;

      it('a reset for an unknown email answers true and mails nothing; a real one mails a single-use link', async () => {
        registered = await registerOn(mainClient, person);
        loggedIn = sessionOf((await mainClient.as(null, LOGIN, { input: { login: person.username, password: person.password } })).login);

        expect((await mainClient.as(null, REQUEST_RESET, { input: { email: unknownEmail } })).requestPasswordReset).toBe(true);
        expect((await mainClient.as(null, REQUEST_RESET, { input: { email: person.email } })).requestPasswordReset).toBe(true);
        // Requests are handled in order: once the later one's mail is here, the earlier one is done.
        [resetMail] = (await waitForMailTo(smtpBox, person.email, {
          match: (m) => m.text.includes(RESET_PATH),
          what: 'the reset mail',
        })) as [Mail];
        expect(await mailTo(smtpBox, unknownEmail)).toEqual([]);
        expect(linksIn(resetMail, main.publicUrl, RESET_PATH).length).toBeGreaterThan(0);
        expect(resetMail.html).toContain(RESET_PATH);
      });

      it('resetPassword works once; the old password and every old refresh token stop working; the new password signs in', async () => {
        const token = tokenFromLink(resetMail, main.publicUrl, RESET_PATH);
        const reset = await mainClient.raw(null, RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });
        expect(reset.errors).toBeUndefined();
        const afterReset = sessionOf(reset.data.resetPassword);
        expect(afterReset.userId).toBe(registered.userId);

        const second = await mainClient.raw(null, RESET_PASSWORD, { input: { token, newPassword: 'yet another passphrase' } });
        expect(refusal(second)).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDENTITY.RESET_TOKEN_INVALID' });

        const oldPassword = await mainClient.raw(null, LOGIN, { input: { login: person.email, password: person.password } });
        expect(refusal(oldPassword)).toEqual({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS' });
        for (const old of [registered, loggedIn]) {
          const res = await mainClient.raw(null, REFRESH, { input: { refreshToken: old.refreshToken } });
          expect(refusal(res)?.code).toBe('UNAUTHENTICATED');
        }

        const fresh = await mainClient.raw(null, LOGIN, { input: { login: person.email, password: NEW_PASSWORD } });
        expect(fresh.errors).toBeUndefined();
        expect(fresh.data.login.user.id).toBe(registered.userId);
        // The session resetPassword returned is a working one.
        expect((await mainClient.as(null, REFRESH, { input: { refreshToken: afterReset.refreshToken } })).refreshSession.user.id).toBe(
          registered.userId,
        );
      });

      it('changePassword ends the session it was called from and every other, and returns a working one', async () => {
        const other = sessionOf((await mainClient.as(null, LOGIN, { input: { login: person.email, password: NEW_PASSWORD } })).login);
        const current = sessionOf((await mainClient.as(null, LOGIN, { input: { login: person.email, password: NEW_PASSWORD } })).login);

        const wrong = await mainClient.raw(current, CHANGE_PASSWORD, {
          input: { currentPassword: 'not the password at all', newPassword: 'changed passphrase 7' },
        });
        expect(refusal(wrong)).toEqual({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS' });

        const changed = sessionOf(
          (
            await mainClient.as(current, CHANGE_PASSWORD, {
              input: { currentPassword: NEW_PASSWORD, newPassword: 'changed passphrase 7' },
            })
          ).changePassword,
        );
        expect(changed.userId).toBe(registered.userId);
        for (const ended of [current, other]) {
          const res = await mainClient.raw(null, REFRESH, { input: { refreshToken: ended.refreshToken } });
          expect(refusal(res)?.code).toBe('UNAUTHENTICATED');
        }
        expect((await mainClient.as(null, REFRESH, { input: { refreshToken: changed.refreshToken } })).refreshSession.user.id).toBe(
          registered.userId,
        );
        expect(refusal(await mainClient.raw(null, LOGIN, { input: { login: person.email, password: NEW_PASSWORD } }))?.code).toBe(
          'UNAUTHENTICATED',
        );
        expect(
          (await mainClient.raw(null, LOGIN, { input: { login: person.email, password: 'changed passphrase 7' } })).errors,
        ).toBeUndefined();
      });
    });

    // ── 3. notification mail and settings ───────────────────────────────────────────────────

    describe('notification mail and settings', () => {
      it('mySettings has the defaults; updateSettings changes only what it names; anonymous mySettings is null', async () => {
        const someone = await registerOn(mainClient, newPerson('settings'));
        expect((await mainClient.as(someone, MY_SETTINGS)).mySettings).toEqual({
          emailOnFollow: false,
          emailOnComment: true,
          emailOnReaction: false,
          emailOnMention: true,
          digest: 'NEVER',
        });
        const updated = (await mainClient.as(someone, UPDATE_SETTINGS, { input: { emailOnFollow: true, digest: 'WEEKLY' } }))
          .updateSettings;
        const expected = { emailOnFollow: true, emailOnComment: true, emailOnReaction: false, emailOnMention: true, digest: 'WEEKLY' };
        expect(updated).toEqual(expected);
        expect((await mainClient.as(someone, MY_SETTINGS)).mySettings).toEqual(expected);
        expect((await mainClient.as(null, MY_SETTINGS)).mySettings).toBeNull();
      });

      it("a comment on a verified author's post mails them once, with List-Unsubscribe; after unsubscribing, a later comment mails nothing", async () => {
        const alicePerson = newPerson('alice');
        const carolPerson = newPerson('carol');
        const [alice, bob, carol] = await Promise.all([
          registerOn(mainClient, alicePerson),
          registerOn(mainClient, newPerson('bob')),
          registerOn(mainClient, carolPerson),
        ]);
        // alice and carol confirm their emails (notifications mails only verified addresses).
        for (const [who, person] of [
          [alice, alicePerson],
          [carol, carolPerson],
        ] as const) {
          const token = await verificationToken(smtpBox, person.email, main.publicUrl);
          expect((await mainClient.as(null, VERIFY_EMAIL, { input: { token } })).verifyEmail.id).toBe(who.userId);
        }
        const alicePost = (await mainClient.as(alice, CREATE_POST, { input: { body: 'comment on this, bob' } })).createPost.id;
        const carolPost = (await mainClient.as(carol, CREATE_POST, { input: { body: 'and on this one' } })).createPost.id;
        const run = Date.now().toString(36);
        /** Comment mails to `address` quoting `body` (the mail quotes the comment). */
        const mailsQuoting = async (address: string, body: string) =>
          (await mailTo(smtpBox, address)).filter((m) => !isVerification(m) && m.text.includes(body));
        /**
         * bob comments on the post until its author is mailed: the email-verified event may reach
         * notifications after a comment, which is then (rightly) not mailed. Returns the body mailed.
         */
        const commentUntilMailed = async (postId: string, address: string, what: string): Promise<{ body: string; mail: Mail }> => {
          let attempt = 0;
          return waitFor(
            async () => {
              attempt += 1;
              const body = `${what} ${run} #${attempt}!`;
              await mainClient.as(bob, ADD_COMMENT, { input: { postId, body } });
              const [mail] = await waitForMailTo(smtpBox, address, {
                match: (m) => m.text.includes(body),
                what,
                timeoutMs: 10_000,
              }).catch(() => [undefined]);
              return mail ? { body, mail } : undefined;
            },
            { timeoutMs: 90_000, intervalMs: 0, message: what },
          );
        };
        const commentedNotes = async (who: Session): Promise<string[]> =>
          (await mainClient.as(who, '{ notifications(first: 100) { edges { node { kind comment { body } } } } }')).notifications.edges
            .filter((e: { node: { kind: string } }) => e.node.kind === 'COMMENTED')
            .map((e: { node: { comment: { body: string } | null } }) => e.node.comment?.body ?? '');

        const first = await commentUntilMailed(alicePost, alicePerson.email, 'alice gets mail');
        expect(first.mail.subject).toContain(`@${bob.username} commented on your post`);
        const [unsubscribeHeader] = first.mail.header('list-unsubscribe');
        expect(unsubscribeHeader).toBeDefined();
        expect(unsubscribeHeader).toContain(`${main.publicUrl}${UNSUBSCRIBE_PATH}?token=`);
        expect(first.mail.header('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
        const unsubscribeUrl = new URL(/<(https?:[^>]+)>/.exec(unsubscribeHeader!)![1]!);
        expect(first.mail.text).toContain(unsubscribeUrl.href);

        const unsubscribed = await mainClient.as(null, UNSUBSCRIBE, { input: { token: unsubscribeUrl.searchParams.get('token') } });
        expect(unsubscribed.unsubscribeEmail).toBe(true);
        expect((await mainClient.as(alice, MY_SETTINGS)).mySettings).toMatchObject({ emailOnComment: false, emailOnMention: true });

        // A later comment on alice's post: notified (the mail is decided in the same transaction),
        // not mailed. Then one on carol's, mailed: the mail worker has sent what was queued before.
        const later = `after the unsubscribe ${run}`;
        await mainClient.as(bob, ADD_COMMENT, { input: { postId: alicePost, body: later } });
        await waitFor(async () => (await commentedNotes(alice)).includes(later), {
          timeoutMs: 30_000,
          message: "alice's notification of the later comment",
        });
        await commentUntilMailed(carolPost, carolPerson.email, 'carol gets mail');

        expect(await mailsQuoting(alicePerson.email, later)).toEqual([]);
        // One mail for the notification that was mailed, and every comment mail to alice is a distinct notification.
        expect(await mailsQuoting(alicePerson.email, first.body)).toHaveLength(1);
        const aliceCommentMails = (await mailTo(smtpBox, alicePerson.email)).filter((m) => !isVerification(m));
        expect(new Set(aliceCommentMails.map((m) => m.parsed.messageId)).size).toBe(aliceCommentMails.length);
      });
    });

    // ── 4. OAuth with a real OpenID Connect provider ────────────────────────────────────────

    describe('sign-in with Google (a real OIDC provider started by the test)', () => {
      const suffix = Date.now().toString(36);
      const googler = {
        sub: `google-sub-${suffix}`,
        email: `googler_${suffix}@example.test`,
        emailVerified: true,
        name: 'Grace Googler',
        preferredUsername: `grace_${suffix}`,
      };

      /** startOAuth, then the browser's visit to the provider: the code and state it redirects back with. */
      async function authorize(): Promise<{ code: string; state: string; returnedState: string }> {
        const start = (await mainClient.as(null, START_OAUTH, { input: { provider: 'GOOGLE', redirectUri: REDIRECT_URI } })).startOAuth;
        const authorizationUrl = new URL(start.authorizationUrl);
        expect(authorizationUrl.origin).toBe(new URL(provider.issuer).origin);
        expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
        expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
        const response = await fetch(authorizationUrl, { redirect: 'manual' });
        expect(response.status).toBeGreaterThanOrEqual(300);
        expect(response.status).toBeLessThan(400);
        const back = new URL(response.headers.get('location')!);
        expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
        return { code: back.searchParams.get('code')!, state: start.state, returnedState: back.searchParams.get('state')! };
      }

      let signedUp: Session;

      it('the first completeOAuth signs up a new user with a profile; a second round signs in to the same user', async () => {
        provider.signInAs(googler);
        const first = await authorize();
        expect(first.returnedState).toBe(first.state);
        const done = await mainClient.raw(null, COMPLETE_OAUTH, { input: { provider: 'GOOGLE', code: first.code, state: first.state } });
        expect(done.errors).toBeUndefined();
        signedUp = sessionOf(done.data.completeOAuth);
        expect(signedUp.username).toMatch(/^[a-z0-9_]{3,30}$/);
        expect((await mainClient.as(signedUp, ME)).me).toMatchObject({ id: signedUp.userId, email: googler.email });
        const displayName = await waitFor(
          async () =>
            (await mainClient.as(null, 'query($u: String!) { user(username: $u) { id displayName } }', { u: signedUp.username })).user
              ?.displayName as string | undefined,
          { timeoutMs: 60_000, intervalMs: 200, message: `the profile of ${signedUp.username}` },
        );
        expect(displayName.length).toBeGreaterThan(0);

        const second = await authorize();
        const again = await mainClient.as(null, COMPLETE_OAUTH, { input: { provider: 'GOOGLE', code: second.code, state: second.state } });
        expect(again.completeOAuth.user).toEqual({ id: signedUp.userId, username: signedUp.username });
      });

      it('a forged state is refused', async () => {
        provider.signInAs(googler);
        const { code } = await authorize();
        const forged = await mainClient.raw(null, COMPLETE_OAUTH, {
          input: { provider: 'GOOGLE', code, state: `forged-${Date.now().toString(36)}-0123456789abcdef` },
        });
        expect(refusal(forged)).toEqual({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.OAUTH_STATE_INVALID' });
      });

      it('a reused code and state are refused', async () => {
        provider.signInAs(googler);
        const { code, state } = await authorize();
        const input = { provider: 'GOOGLE', code, state };
        expect((await mainClient.raw(null, COMPLETE_OAUTH, { input })).errors).toBeUndefined();
        const reused = await mainClient.raw(null, COMPLETE_OAUTH, { input });
        expect(refusal(reused)?.code).toBe('UNAUTHENTICATED');
        expect(reused.data?.completeOAuth).toBeUndefined();
      });

      it('a redirectUri that is not allow-listed is refused', async () => {
        const res = await mainClient.raw(null, START_OAUTH, {
          input: { provider: 'GOOGLE', redirectUri: 'https://evil.example.test/auth/callback/google' },
        });
        expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDENTITY.OAUTH_REDIRECT_URI_NOT_ALLOWED' });
        expect(res.errors?.[0]?.extensions?.field).toBe('redirectUri');
      });
    });

    // ── 5. rate limits (strict platform: AGORA_RATE_LIMITS=on) ──────────────────────────────

    describe('rate limits (AGORA_RATE_LIMITS=on)', () => {
      it('10 failed sign-ins for one account from one client: the 11th is RATE_LIMITED with retryAfter, even with the right password', async () => {
        const client = strictClient('203.0.113.51');
        const person = newPerson('limited');
        await registerOn(client, person);
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          // By username and by email: one account.
          const login = attempt % 2 === 0 ? person.email : person.username;
          const res = await client.raw(null, LOGIN, { input: { login, password: `wrong password ${attempt}` } });
          expect(refusal(res), `attempt ${attempt}`).toEqual({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS' });
        }
        const eleventh = await client.raw(null, LOGIN, { input: { login: person.email, password: person.password } });
        expect(refusal(eleventh)?.code).toBe('RATE_LIMITED');
        const retryAfter = eleventh.errors?.[0]?.extensions?.retryAfter;
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);

        // The owner signing in from elsewhere is not locked out.
        const elsewhere = await strictClient('203.0.113.52').raw(null, LOGIN, {
          input: { login: person.email, password: person.password },
        });
        expect(elsewhere.errors).toBeUndefined();
      });

      it('register beyond its limit from one client is RATE_LIMITED with retryAfter', async () => {
        const client = strictClient('203.0.113.53');
        for (let attempt = 1; attempt <= 10; attempt += 1) {
          const res = await client.raw(null, REGISTER, { input: newPerson('flood') });
          expect(res.errors, `registration ${attempt}`).toBeUndefined();
        }
        const eleventh = await client.raw(null, REGISTER, { input: newPerson('flood') });
        expect(refusal(eleventh)?.code).toBe('RATE_LIMITED');
        const retryAfter = eleventh.errors?.[0]?.extensions?.retryAfter;
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        // Another client still registers.
        expect((await strictClient('203.0.113.54').raw(null, REGISTER, { input: newPerson('other') })).errors).toBeUndefined();
      });
    });

    // ── 6. AUTH_REQUIRE_VERIFIED_EMAIL=true (strict platform) ───────────────────────────────

    describe('AUTH_REQUIRE_VERIFIED_EMAIL=true', () => {
      const client = () => strictClient('203.0.113.61');
      const owner = newPerson('strict');
      let ownerSession: Session;

      it('an unverified writer is FORBIDDEN (IDENTITY.EMAIL_NOT_VERIFIED); after verifyEmail and a refresh, createPost works', async () => {
        ownerSession = await registerOn(client(), owner);
        const refused = await client().raw(ownerSession, CREATE_POST, { input: { body: 'before verifying' } });
        expect(refusal(refused)).toEqual({ code: 'FORBIDDEN', reason: 'IDENTITY.EMAIL_NOT_VERIFIED' });

        const token = await verificationToken(devBox, owner.email, strict.publicUrl);
        expect((await client().as(ownerSession, VERIFY_EMAIL, { input: { token } })).verifyEmail.emailVerified).toBe(true);
        ownerSession = await refresh(client(), ownerSession);
        const post = (await client().as(ownerSession, CREATE_POST, { input: { body: 'verified now' } })).createPost;
        expect(post.body).toBe('verified now');
      });

      it('register with a taken email answers like success (no EMAIL_TAKEN) and mails the owner', async () => {
        const before = (await mailTo(devBox, owner.email)).length;
        const res = await client().raw(null, REGISTER, {
          input: { email: owner.email, username: newPerson('impostor').username, password: 'impostor passphrase 1' },
        });
        expect(res.errors).toBeUndefined();
        expect(res.data.register.accessToken).toEqual(expect.any(String));
        expect(res.data.register.refreshToken).toEqual(expect.any(String));
        expect(res.data.register.user.id).not.toBe(ownerSession.userId);
        const mails = await waitForMailTo(devBox, owner.email, { count: before + 1, what: 'the mail about the registration attempt' });
        expect(mails.filter((m) => !isVerification(m))).toHaveLength(1);
        // The owner's account is untouched: the owner still signs in.
        expect((await client().raw(null, LOGIN, { input: { login: owner.email, password: owner.password } })).errors).toBeUndefined();
      });
    });
  });
}
