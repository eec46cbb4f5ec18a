/**
 * Two notifications instances on one Postgres database (as two replicas in production), both
 * running their digest round at the same instant: the DigestRun key lets the period through once —
 * one digest row, one mail at the SMTP server. A round after a restart of one of them sends none.
 */
import { startSmtpServer } from '@agora/mail/testing';
import { createTestDatabase, startNats, TestClock, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf, emailVerified } from '../src/application/testing/email.mother';
import { accountRegistered, aPerson, followCreated } from '../src/application/testing/events.mother';
import { recipientOf } from './support/mail';
import { startHarness, testConfig, type Harness } from './support/notifications-harness';
import { UPDATE_SETTINGS } from './support/operations';

describe('digests with two instances on one Postgres', () => {
  let nats: NatsServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let database: TestDatabase;
  const instances: Harness[] = [];
  const clock = new TestClock(new Date('2026-03-04T09:00:00.000Z'));

  const start = async () => {
    const env = {
      NATS_URL: nats.url,
      SMTP_URL: smtp.url,
      NOTIFICATIONS_DATABASE_URL: database.url,
      NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: '86400',
    };
    const harness = await startHarness(testConfig(env), { clock });
    instances.push(harness);
    return harness;
  };

  beforeAll(async () => {
    nats = await startNats();
    smtp = await startSmtpServer();
    database = await createTestDatabase('notifications');
  });
  afterAll(async () => {
    for (const harness of instances) await harness.stop().catch(() => undefined);
    await smtp?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('queue one digest per period between them, and none after a restart', async () => {
    const [a, b] = [await start(), await start()];
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    await a.publish(accountRegistered(ann), accountRegistered(bob), emailVerified(ann));
    expect((await a.request(UPDATE_SETTINGS, { input: { digest: 'WEEKLY' } }, ann)).errors).toBeUndefined();
    await a.publish(followCreated(bob, ann, { at: new Date('2026-03-03T10:00:00.000Z') }));

    const rounds = await Promise.all([a.app.digests.run(), b.app.digests.run()]);
    expect(rounds.reduce((sum, sent) => sum + sent, 0)).toBe(1);
    await Promise.all([a.app.mail.drain(), b.app.mail.drain()]);
    await smtp.waitForMessages(1);

    await b.stop();
    const c = await start();
    expect(await c.app.digests.run()).toBe(0);
    await Promise.all([a.app.mail.drain(), c.app.mail.drain()]);
    const runs = await a.app.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM digest_run`;
    expect(runs[0]!.n).toBe(1);
    expect(smtp.messages.map((m) => [recipientOf(m), m.subject])).toEqual([[[emailOf(ann)], '1 new notification on Agora']]);
  });
});
