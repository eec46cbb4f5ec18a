/**
 * Notification mail end to end: other contexts' events published into real NATS, consumed by the
 * running service on PGlite, mail sent by its mail worker to a real SMTP server (in-process,
 * @agora/mail/testing) and read back as it arrived. The clock is a test clock, so digests are
 * driven period by period.
 */
import { startSmtpServer } from '@agora/mail/testing';
import { startNats, TestClock, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf, emailVerified } from '../src/application/testing/email.mother';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  followCreated,
  postOf,
  postPublished,
  reactionSet,
  type Person,
} from '../src/application/testing/events.mother';
import { rawHeader, recipientOf, unsubscribeToken, type ReceivedMail } from './support/mail';
import { startHarness, testConfig, type Harness } from './support/notifications-harness';
import { MY_SETTINGS, NOTIFICATIONS, UNSUBSCRIBE, UPDATE_SETTINGS } from './support/operations';
import { blockCreated } from './support/social-events';

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;
const DEFAULTS = { emailOnFollow: false, emailOnComment: true, emailOnReaction: false, emailOnMention: true, digest: 'NEVER' };

describe('notification mail (PGlite, real NATS, real SMTP)', () => {
  let nats: NatsServer;
  let smtp: Smtp;
  let h: Harness;
  const clock = new TestClock(new Date('2026-03-02T09:00:00.000Z'));

  beforeAll(async () => {
    nats = await startNats();
    smtp = await startSmtpServer();
    h = await startHarness(testConfig({ NATS_URL: nats.url, SMTP_URL: smtp.url, NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: '86400' }), {
      database: { memory: true },
      clock,
    });
  });
  afterAll(async () => {
    await h?.stop();
    await smtp?.close();
    await nats?.stop();
  });

  /** Registered people; those in `verified` also verified their email. */
  async function people<N extends string[]>(names: [...N], verified: readonly number[] = []): Promise<{ [K in keyof N]: Person }> {
    const created = names.map((name) => aPerson(name));
    await h.publish(...created.map((person) => accountRegistered(person)));
    await h.publish(...verified.map((index) => emailVerified(created[index]!)));
    return created as { [K in keyof N]: Person };
  }
  const ok = async <D = any>(query: string, variables: Record<string, unknown>, person?: Person | null): Promise<D> => {
    const response = await h.request<D>(query, variables, person);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  /** Everything queued so far is sent (or given up): what arrives at the SMTP server is all there will be. */
  const drained = () => h.app.mail.drain();
  const receivedBy = (person: Person): ReceivedMail[] => smtp.messages.filter((m) => recipientOf(m).includes(emailOf(person)));
  /** Waits until `person` has received `count` mails in all, then returns them. */
  async function waitForMailTo(person: Person, count: number): Promise<ReceivedMail[]> {
    await drained();
    const others = smtp.messages.length - receivedBy(person).length;
    await smtp.waitForMessages(others + count);
    return receivedBy(person);
  }
  const outboxRows = (to: Person) =>
    h.app.prisma.$queryRaw<
      { id: string; kind: string }[]
    >`SELECT id::text, kind FROM mail_outbox WHERE to_address = ${emailOf(to)} ORDER BY created_at, id`;

  it('mySettings: null when signed out, the defaults until changed; updateSettings changes only what it is given', async () => {
    const [ann] = await people(['ann']);
    expect((await ok(MY_SETTINGS, {}, null)).mySettings).toBeNull();
    expect((await ok(MY_SETTINGS, {}, ann)).mySettings).toEqual(DEFAULTS);

    const updated = await ok(UPDATE_SETTINGS, { input: { emailOnReaction: true, digest: 'WEEKLY' } }, ann);
    expect(updated.updateSettings).toEqual({ ...DEFAULTS, emailOnReaction: true, digest: 'WEEKLY' });
    await ok(UPDATE_SETTINGS, { input: { emailOnComment: false } }, ann);
    expect((await ok(MY_SETTINGS, {}, ann)).mySettings).toEqual({
      ...DEFAULTS,
      emailOnReaction: true,
      emailOnComment: false,
      digest: 'WEEKLY',
    });
    expect((await h.request(UPDATE_SETTINGS, { input: {} }, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a comment on A’s post (A verified, default settings) reaches the SMTP server once, with the unsubscribe headers; a redelivery sends nothing more', async () => {
    const [ann, bob] = await people(['ann', 'bob'], [0]);
    const post = postOf(postPublished(ann, 'hello'), ann);
    const comment = commentAdded(post, bob, 'Lovely <b>post</b>,\n  really');

    await h.publish(comment);
    const [mail, ...more] = await waitForMailTo(ann, 1);

    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`@${bob.username} commented on your post`);
    expect(mail!.text).toContain('Lovely <b>post</b>, really');
    // HTML-escaped in the HTML part.
    expect(mail!.html).toContain('Lovely &lt;b');
    expect(mail!.html).not.toContain('<b>post</b>');
    expect(mail!.text).toContain('https://agora.test/notifications');
    expect(rawHeader(mail!, 'List-Unsubscribe')).toMatch(/^<https:\/\/agora\.test\/notifications\/unsubscribe\?token=[\w.-]+>$/);
    expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [notification] = (await ok(NOTIFICATIONS, {}, ann)).notifications.edges;
    expect(await outboxRows(ann)).toEqual([{ id: notification.node.id, kind: 'notifications.commented' }]);

    await h.redeliver(comment);
    await h.redeliver(comment);
    await drained();
    expect(receivedBy(ann)).toHaveLength(1);
    expect(await outboxRows(ann)).toHaveLength(1);
  });

  it('reactions are off by default: no mail; a follow neither; a comment after them is mailed', async () => {
    const [ann, bob] = await people(['ann', 'bob'], [0]);
    const post = postOf(postPublished(ann, 'hello'), ann);

    await h.publish(reactionSet(bob, { post }), followCreated(bob, ann));
    await drained();
    expect(await outboxRows(ann)).toEqual([]);

    // Something that is mailed, as a barrier: had the reaction or the follow queued mail, it would be here first.
    await h.publish(commentAdded(post, bob, 'after the reaction'));
    expect((await waitForMailTo(ann, 1)).map((m) => m.subject)).toEqual([`@${bob.username} commented on your post`]);
  });

  it('after unsubscribing with the mail’s link no comment mail is sent; the token is checked; mail about others still comes', async () => {
    const [ann, bob] = await people(['ann', 'bob'], [0]);
    const post = postOf(postPublished(ann, 'hello'), ann);
    await ok(UPDATE_SETTINGS, { input: { emailOnFollow: true } }, ann);
    await h.publish(commentAdded(post, bob, 'first'));
    const [first] = await waitForMailTo(ann, 1);

    const forged = await h.request(UNSUBSCRIBE, { input: { token: `${unsubscribeToken(first!)}x` } });
    expect(forged.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID',
      field: 'token',
    });
    expect((await ok(UNSUBSCRIBE, { input: { token: unsubscribeToken(first!) } })).unsubscribeEmail).toBe(true);
    expect((await ok(UNSUBSCRIBE, { input: { token: unsubscribeToken(first!) } })).unsubscribeEmail).toBe(true);
    expect((await ok(MY_SETTINGS, {}, ann)).mySettings).toEqual({ ...DEFAULTS, emailOnFollow: true, emailOnComment: false });

    await h.publish(commentAdded(post, bob, 'second'));
    await h.publish(followCreated(bob, ann));
    const mails = await waitForMailTo(ann, 2);
    expect(mails.map((m) => m.subject)).toEqual([`@${bob.username} commented on your post`, `@${bob.username} started following you`]);
  });

  it('no verified email, no mail; a blocked actor causes no notification and no mail', async () => {
    const [ann, bob, cat] = await people(['ann', 'bob', 'cat'], [0]);
    const annsPost = postOf(postPublished(ann, 'hello'), ann);
    const catsPost = postOf(postPublished(cat, 'unverified'), cat);
    await h.publish(blockCreated(ann, bob));

    await h.publish(commentAdded(annsPost, bob, 'blocked'), commentAdded(catsPost, bob, 'cat has no verified email'));
    await drained();

    expect((await ok(NOTIFICATIONS, {}, ann)).notifications.edges).toEqual([]);
    expect((await ok(NOTIFICATIONS, {}, cat)).notifications.edges).toHaveLength(1);
    expect(await outboxRows(ann)).toEqual([]);
    expect(await outboxRows(cat)).toEqual([]);
  });

  it('digests with the test clock: one per period, none when nothing is unseen, and only what came since the previous one', async () => {
    const [dan, eve, fay] = await people(['dan', 'eve', 'fay'], [0]);
    await ok(UPDATE_SETTINGS, { input: { digest: 'DAILY' } }, dan);
    clock.set(new Date('2026-03-02T09:00:00.000Z'));
    expect(await h.app.digests.run()).toBe(0);

    await h.publish(
      followCreated(eve, dan, { at: new Date('2026-03-02T08:00:00.000Z') }),
      followCreated(fay, dan, { at: new Date('2026-03-02T08:30:00.000Z') }),
    );
    expect(await h.app.digests.run()).toBe(1);
    expect(await h.app.digests.run()).toBe(0);
    const [digest] = await waitForMailTo(dan, 1);
    expect(digest!.subject).toBe('2 new notifications on Agora');
    expect(digest!.text).toContain(`@${fay.username} started following you`);
    expect(rawHeader(digest!, 'List-Unsubscribe')).toMatch(/^<https:\/\/agora\.test\/notifications\/unsubscribe\?token=/);

    // The next day: nothing new since the previous digest, so none; then one follow, one digest.
    clock.set(new Date('2026-03-03T00:05:00.000Z'));
    expect(await h.app.digests.run()).toBe(0);
    await h.publish(followCreated(aPerson('gus'), dan, { at: new Date('2026-03-03T01:00:00.000Z') }));
    clock.set(new Date('2026-03-03T02:00:00.000Z'));
    expect(await h.app.digests.run()).toBe(1);
    expect((await waitForMailTo(dan, 2)).map((m) => m.subject)).toEqual(['2 new notifications on Agora', '1 new notification on Agora']);

    // Unsubscribing from the digest's link: digest NEVER.
    expect((await ok(UNSUBSCRIBE, { input: { token: unsubscribeToken(digest!) } })).unsubscribeEmail).toBe(true);
    expect((await ok(MY_SETTINGS, {}, dan)).mySettings.digest).toBe('NEVER');
  });
});
