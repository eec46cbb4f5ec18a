import { describe, expect, it } from 'vitest';
import { emailOf } from '../testing/email.mother';
import { accountRegistered, aPerson, followCreated } from '../testing/events.mother';
import { asViewer, handlersMother } from '../testing/handlers.mother';

const at = (iso: string) => new Date(iso);

/** ann wants a digest (verified); followers notify her (follows are not mailed by default, so only digests mail her). */
async function arrange(frequency: 'DAILY' | 'WEEKLY') {
  const mother = handlersMother();
  const ann = aPerson('ann');
  await mother.on.accountRegistered(accountRegistered(ann));
  mother.store.verified(ann.userId, emailOf(ann));
  await mother.handlers.updateSettings.execute(asViewer(ann.userId, { digest: frequency }));
  const followedAt = async (iso: string) => {
    const follower = aPerson('fan');
    await mother.on.accountRegistered(accountRegistered(follower));
    await mother.on.followCreated(followCreated(follower, ann, { at: at(iso) }));
    return follower;
  };
  const digests = () => mother.store.mails.filter((m) => m.kind === 'notifications.digest');
  return { ...mother, ann, followedAt, digests };
}

describe('SendDigest (the digest timer’s round)', () => {
  it('DAILY: one digest per UTC day when something is unseen since the previous one; none when nothing is', async () => {
    const { clock, runDigests, followedAt, digests, ann, store } = await arrange('DAILY');
    clock.set(at('2026-03-02T08:00:00.000Z'));
    expect(await runDigests()).toEqual([]);

    const fan = await followedAt('2026-03-02T08:30:00.000Z');
    await followedAt('2026-03-02T08:40:00.000Z');
    clock.set(at('2026-03-02T09:00:00.000Z'));
    expect(await runDigests()).toEqual([ann.userId]);
    clock.set(at('2026-03-02T23:59:00.000Z'));
    await followedAt('2026-03-02T23:00:00.000Z');
    expect(await runDigests()).toEqual([]);

    const [digest] = digests();
    expect(digest).toMatchObject({
      to: emailOf(ann),
      subject: '2 new notifications on Agora',
      headers: { 'List-Unsubscribe': `<https://agora.test/notifications/unsubscribe?token=${ann.userId}:digest>` },
    });
    expect(digest!.text).toContain(`@${fan.username} started following you`);
    expect(store.digestRuns).toEqual([
      {
        accountId: ann.userId,
        frequency: 'DAILY',
        periodStart: at('2026-03-02T00:00:00.000Z'),
        mailId: digest!.id,
        at: at('2026-03-02T09:00:00.000Z'),
      },
    ]);

    // The next day: only what came since the previous digest (the 23:00 follow).
    clock.set(at('2026-03-03T00:10:00.000Z'));
    expect(await runDigests()).toEqual([ann.userId]);
    expect(digests().map((m) => m.subject)).toEqual(['2 new notifications on Agora', '1 new notification on Agora']);
    clock.set(at('2026-03-04T00:10:00.000Z'));
    expect(await runDigests()).toEqual([]);
  });

  it('WEEKLY: one per ISO week (Monday to Sunday), seen notifications do not count', async () => {
    const { clock, runDigests, followedAt, digests, handlers, ann } = await arrange('WEEKLY');
    await followedAt('2026-03-03T10:00:00.000Z');
    clock.set(at('2026-03-04T10:00:00.000Z'));
    expect(await runDigests()).toEqual([ann.userId]);
    await followedAt('2026-03-05T10:00:00.000Z');
    clock.set(at('2026-03-08T23:00:00.000Z'));
    expect(await runDigests()).toEqual([]);

    await handlers.markSeen.execute(asViewer(ann.userId, {}));
    clock.set(at('2026-03-09T00:05:00.000Z'));
    expect(await runDigests()).toEqual([]);
    expect(digests()).toHaveLength(1);
  });

  it('nothing for NEVER, for someone without a verified email, and twice-run periods send once', async () => {
    const { clock, followedAt, digests, handlers, store, ann } = await arrange('DAILY');
    await followedAt('2026-03-02T08:00:00.000Z');
    clock.set(at('2026-03-02T09:00:00.000Z'));
    const send = () => handlers.sendDigest.execute({ viewer: null, input: { accountId: ann.userId }, requestId: 'r' });

    expect(await send()).toBe(true);
    expect(await send()).toBe(false);
    expect(digests()).toHaveLength(1);

    store.recipients.delete(ann.userId);
    clock.set(at('2026-03-03T09:00:00.000Z'));
    await followedAt('2026-03-03T08:00:00.000Z');
    expect(await send()).toBe(false);
    await handlers.updateSettings.execute(asViewer(ann.userId, { digest: 'NEVER' }));
    store.verified(ann.userId, emailOf(ann));
    expect(await send()).toBe(false);
    expect(digests()).toHaveLength(1);
  });
});
