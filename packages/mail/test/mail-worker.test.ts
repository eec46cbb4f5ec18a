import { randomUUID } from 'node:crypto';
import { freePort, TestClock } from '@agora/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailWorker, enqueueMail, type MailSettings, type MailWorker, type NewMail } from '../src/index';
import { startSmtpServer, type SmtpRefusal, type TestSmtpServer } from '../src/testing/index';
import { backends, type TestDb } from './support/databases';
import { recordingLogger } from './support/logs';

const MINUTE = 60_000;

describe.each(backends)('mail worker on $kind with a real SMTP server', (backend) => {
  let db: TestDb;
  let smtp: TestSmtpServer;
  /** Per test: decides on the n-th message this test sends. */
  let refuse: ((n: number) => SmtpRefusal | undefined) | undefined;
  let seen = 0;
  let clock: TestClock;
  let logger: ReturnType<typeof recordingLogger>;
  const workers: MailWorker[] = [];

  beforeAll(async () => {
    db = await backend.open();
    smtp = await startSmtpServer({ refuse: () => refuse?.(++seen) });
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.dispose();
  });
  beforeEach(async () => {
    await db.$executeRawUnsafe('DELETE FROM mail_outbox');
    smtp.messages.length = 0;
    smtp.refused.length = 0;
    refuse = undefined;
    seen = 0;
    clock = new TestClock(new Date('2026-12-02T10:00:00.000Z'));
    logger = recordingLogger();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
  });

  const settings = (): MailSettings => ({
    smtpUrl: smtp.url,
    from: 'Agora <no-reply@agora.test>',
    publicUrl: 'http://localhost:4000',
    dataDir: '/nonexistent',
  });

  function worker(options: Partial<Parameters<typeof createMailWorker>[0]> = {}): MailWorker {
    const created = createMailWorker({ db, settings: settings(), logger, clock, random: () => 0.5, ...options });
    workers.push(created);
    return created;
  }

  function aMail(overrides: Partial<NewMail> = {}): NewMail {
    return {
      id: randomUUID(),
      kind: 'test.hello',
      to: 'ada@example.test',
      subject: 'Hello Ada',
      text: 'Hello in text\n',
      html: '<p>Hello in HTML</p>',
      createdAt: clock.now(),
      ...overrides,
    };
  }

  it('sends a committed mail once: From, To, subject, both bodies, Message-ID <id@agora> and the row headers', async () => {
    const mail = aMail({
      headers: { 'List-Unsubscribe': '<http://localhost:4000/notifications/unsubscribe?token=t>', 'Message-ID': '<spoof@x>' },
    });
    await db.transaction((tx) => enqueueMail(tx, [mail]));

    await worker().drain();

    const [message, ...others] = await smtp.waitForMessages(1);
    expect(others).toEqual([]);
    expect(message!.messageId).toBe(`<${mail.id}@agora>`);
    expect(message!.subject).toBe('Hello Ada');
    expect(message!.from?.value).toEqual([{ name: 'Agora', address: 'no-reply@agora.test' }]);
    expect(message!.to && 'text' in message!.to ? message!.to.text : undefined).toBe('ada@example.test');
    expect(message!.text).toBe('Hello in text\n');
    expect(message!.html).toBe('<p>Hello in HTML</p>');
    expect(message!.headerLines.filter((h) => h.key === 'list-unsubscribe').map((h) => h.line)).toEqual([
      'List-Unsubscribe: <http://localhost:4000/notifications/unsubscribe?token=t>',
    ]);
    expect(message!.headerLines.filter((h) => h.key === 'message-id')).toHaveLength(1);
    expect(await db.rows()).toMatchObject([{ id: mail.id, attempts: 1, sent: true, failed: false, claimed: false }]);

    await worker().drain();
    expect(smtp.messages).toHaveLength(1);
  });

  it('loses the mail with the state change when the transaction rolls back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueMail(tx, [aMail()]);
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await db.rows()).toEqual([]);
  });

  it('treats the id as the idempotency key: enqueueing it again (a redelivered event) sends nothing more', async () => {
    const mail = aMail();
    await db.transaction((tx) => enqueueMail(tx, [mail, { ...mail, subject: 'a second copy' }]));
    await worker().drain();
    await db.transaction((tx) => enqueueMail(tx, [{ ...mail, subject: 'redelivered' }]));
    await worker().drain();

    expect(smtp.messages.map((m) => m.subject)).toEqual(['Hello Ada']);
    expect(await db.rows()).toHaveLength(1);
  });

  it('sends in creation order, many rows in one statement', async () => {
    const mails = Array.from({ length: 25 }, (_, i) =>
      aMail({ subject: `mail ${i}`, createdAt: new Date(clock.now().getTime() - 1000 + i) }),
    );
    await db.transaction((tx) => enqueueMail(tx, [...mails].reverse()));
    await worker({ batchSize: 4 }).drain();
    expect(smtp.messages.map((m) => m.subject)).toEqual(mails.map((m) => m.subject));
  });

  it('retries a temporary refusal after a backoff and delivers once', async () => {
    refuse = (n) => (n === 1 ? { code: 451, message: 'try again later' } : undefined);
    const mail = aMail();
    await db.transaction((tx) => enqueueMail(tx, [mail]));
    const w = worker({ retry: { initialMs: 30_000, maxMs: MINUTE } });

    await w.drain();
    expect(smtp.messages).toEqual([]);
    const [row] = await db.rows();
    expect(row).toMatchObject({ attempts: 1, sent: false, failed: false, claimed: false });
    expect(row!.last_error).toContain('try again later');
    // Backoff with jitter: 30 s × (0.5 + 0.5 × random) with random = 0.5.
    expect(row!.next_attempt_ms).toBe(clock.now().getTime() + 22_500);

    clock.advance(22_000);
    await w.drain();
    expect(smtp.messages).toEqual([]);

    clock.advance(1_000);
    await w.drain();
    expect((await smtp.waitForMessages(1)).map((m) => m.messageId)).toEqual([`<${mail.id}@agora>`]);
    expect(await db.rows()).toMatchObject([{ attempts: 2, sent: true, last_error: null }]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(['mail send failed; will retry']);
  });

  it('gives up at once on a permanent refusal (5xx) and logs an error', async () => {
    refuse = () => ({ code: 550, message: 'no such user' });
    const mail = aMail();
    await db.transaction((tx) => enqueueMail(tx, [mail]));
    const w = worker();
    await w.drain();
    clock.advance(24 * 60 * MINUTE);
    await w.drain();

    expect(smtp.refused).toHaveLength(1);
    const [row] = await db.rows();
    expect(row).toMatchObject({ attempts: 1, sent: false, failed: true });
    expect(row!.last_error).toContain('no such user');
    expect(logger.lines.filter((l) => l.level === 'error')).toMatchObject([
      { msg: 'mail not delivered: giving up (failed_at set)', fields: { mailId: mail.id, permanent: true } },
    ]);
  });

  it('retries when the SMTP server is unreachable (not a refusal of the mail)', async () => {
    await db.transaction((tx) => enqueueMail(tx, [aMail()]));
    const down = { ...settings(), smtpUrl: `smtp://127.0.0.1:${await freePort()}` };
    await worker({ settings: down }).drain();
    const [row] = await db.rows();
    expect(row).toMatchObject({ attempts: 1, sent: false, failed: false, claimed: false });
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);

    clock.advance(MINUTE);
    await worker().drain();
    expect(await smtp.waitForMessages(1)).toHaveLength(1);
  });

  it('gives up after maxAttempts temporary failures', async () => {
    refuse = () => ({ code: 421, message: 'busy' });
    await db.transaction((tx) => enqueueMail(tx, [aMail()]));
    const w = worker({ maxAttempts: 3, retry: { initialMs: 1000, maxMs: 1000 } });
    for (let i = 0; i < 5; i++) {
      await w.drain();
      clock.advance(MINUTE);
    }
    expect(smtp.refused).toHaveLength(3);
    expect(await db.rows()).toMatchObject([{ attempts: 3, failed: true, sent: false }]);
  });

  it('never sends a row twice with two workers on one database', async () => {
    const mails = Array.from({ length: 40 }, (_, i) =>
      aMail({ subject: `mail ${i}`, createdAt: new Date(clock.now().getTime() - 1000 + i) }),
    );
    await db.transaction((tx) => enqueueMail(tx, mails));
    const a = worker({ batchSize: 3 });
    const b = worker({ batchSize: 3 });

    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);

    const ids = (await smtp.waitForMessages(40)).map((m) => m.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect((await db.rows()).every((row) => row.sent && row.attempts === 1)).toBe(true);
  });

  it('sends again after a crash between SMTP accept and mark, once the lease expired, with the same Message-ID', async () => {
    const mail = aMail();
    await db.transaction((tx) => enqueueMail(tx, [mail]));
    let crashes = 1;
    const w = worker({
      leaseMs: 5 * MINUTE,
      beforeMarkSent: async () => {
        if (crashes-- > 0) throw new Error('simulated crash');
      },
    });

    await w.drain();
    expect(await db.rows()).toMatchObject([{ sent: false, claimed: true }]);
    // Another worker does not take a row whose lease holds.
    await worker().drain();
    expect(smtp.messages).toHaveLength(1);

    clock.advance(5 * MINUTE);
    await worker().drain();
    const copies = await smtp.waitForMessages(2);
    expect(copies.map((m) => m.messageId)).toEqual([`<${mail.id}@agora>`, `<${mail.id}@agora>`]);
    expect(await db.rows()).toMatchObject([{ sent: true, attempts: 2 }]);
  });

  it('sends as soon as woken while polling slowly, and stop() ends the loop', async () => {
    const w = worker({ pollIntervalMs: 10 * MINUTE });
    w.start();
    await w.drain();
    await db.transaction((tx) => enqueueMail(tx, [aMail({ subject: 'woken' })]));
    w.wake();
    expect((await smtp.waitForMessages(1, { timeoutMs: 5_000 })).map((m) => m.subject)).toEqual(['woken']);
    await w.stop();
    const afterStop = aMail({ subject: 'after stop' });
    await db.transaction((tx) => enqueueMail(tx, [afterStop]));
    w.wake();
    expect((await db.rows()).find((row) => row.id === afterStop.id)).toMatchObject({ sent: false, claimed: false, attempts: 0 });
  });

  it('stop() lets the mail being sent finish and be marked, and releases the claimed rows not yet sent', async () => {
    const mails = [0, 1, 2].map((i) => aMail({ subject: `mail ${i}`, createdAt: new Date(clock.now().getTime() - 10 + i) }));
    await db.transaction((tx) => enqueueMail(tx, mails));
    let sending!: () => void;
    const started = new Promise<void>((resolve) => (sending = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const sent: string[] = [];
    const w = worker({
      batchSize: 3,
      transport: {
        async send(mail) {
          sending();
          await gate;
          sent.push(mail.subject);
        },
        isPermanent: () => false,
        close() {},
      },
    });
    w.start();
    await started;
    const stopped = w.stop();
    finish();
    await stopped;

    expect(sent).toEqual(['mail 0']);
    await w.drain(); // a stopped worker sends nothing more
    expect(sent).toEqual(['mail 0']);
    const rows = new Map((await db.rows()).map((row) => [row.id, row]));
    expect(rows.get(mails[0]!.id)).toMatchObject({ sent: true, attempts: 1 });
    for (const mail of mails.slice(1)) expect(rows.get(mail.id)).toMatchObject({ sent: false, claimed: false, attempts: 0 });
  });

  it('does not start a send on a lease that is half gone: releases the rest for the next claim', async () => {
    const mails = [0, 1, 2].map((i) => aMail({ subject: `mail ${i}`, createdAt: new Date(clock.now().getTime() - 10 + i) }));
    await db.transaction((tx) => enqueueMail(tx, mails));
    const sent: string[] = [];
    const w = worker({
      batchSize: 3,
      leaseMs: MINUTE,
      transport: {
        async send(mail) {
          sent.push(mail.subject);
          clock.advance(MINUTE / 2 + 1); // a slow server
        },
        isPermanent: () => false,
        close() {},
      },
    });
    await w.drain();
    expect(sent).toEqual(['mail 0', 'mail 1', 'mail 2']);
    expect((await db.rows()).map((row) => [row.sent, row.attempts])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
  });

  it('deletes sent and failed rows after the retention, keeps recent and unsent ones', async () => {
    refuse = (n) => (n === 2 ? { code: 550, message: 'refused' } : undefined);
    const [sent, failed] = [
      aMail({ subject: 'old sent', createdAt: new Date(clock.now().getTime() - 1) }),
      aMail({ subject: 'old failed' }),
    ];
    await db.transaction((tx) => enqueueMail(tx, [sent!, failed!]));
    await worker().drain();
    clock.advance(6 * 24 * 60 * MINUTE);
    const pending = aMail({ subject: 'pending', createdAt: clock.now() });
    refuse = () => ({ code: 451, message: 'later' });
    await db.transaction((tx) => enqueueMail(tx, [pending]));
    await worker().drain();
    expect(await db.rows()).toHaveLength(3);

    clock.advance(2 * 24 * 60 * MINUTE);
    await worker().drain();
    expect((await db.rows()).map((row) => row.id)).toEqual([pending.id]);
    expect(logger.lines.some((l) => l.msg?.startsWith('mail outbox pruned') && l.fields.deleted === 2)).toBe(true);
  });
});
