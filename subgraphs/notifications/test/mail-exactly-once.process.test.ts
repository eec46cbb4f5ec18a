/**
 * Issue #11, "done when": an email for a comment reaches the real SMTP server once, even when the
 * consumer is killed after sending and before its ack. Notifications runs as `npm start` runs it
 * (`node --import tsx src/main.ts`, PGlite in DATA_DIR) with the test-only fault point
 * `AGORA_FAULT=notifications.after-effect-before-ack`: once NotifyOnCommentAdded has committed the
 * notification and its mail row, the process waits until its mail worker has SENT the mail, then
 * SIGKILLs itself before acking the event. Restarted on the same data dir (without the fault),
 * it receives the event again from JetStream (after the ack wait) — and must not mail again.
 */
import { fileURLToPath } from 'node:url';
import { startSmtpServer } from '@agora/mail/testing';
import { connectNats, type NatsConnection } from '@agora/messaging';
import {
  freePort,
  gql,
  publishEnvelope,
  spawnManaged,
  startNats,
  tempDir,
  waitFor,
  waitUntilReady,
  type ManagedProcess,
  type NatsServer,
  type TempDir,
} from '@agora/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf, emailVerified } from '../src/application/testing/email.mother';
import { accountRegistered, aPerson, commentAdded, postOf, postPublished } from '../src/application/testing/events.mother';
import { recipientOf } from './support/mail';
import { identityHeaders, PUBLIC_URL, SECRET, testLogger } from './support/notifications-harness';
import { NOTIFICATIONS } from './support/operations';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const DURABLE = 'notifications--notify-on-comment-added';

describe('a comment’s mail is sent once across a SIGKILL between sending and the ack', { timeout: 240_000 }, () => {
  let nats: NatsServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let data: TempDir;
  let nc: NatsConnection;
  let child: ManagedProcess | undefined;
  let port: number;

  beforeAll(async () => {
    nats = await startNats();
    smtp = await startSmtpServer();
    data = await tempDir('notifications-mail-fault-');
    nc = await connectNats({ servers: nats.url, name: 'notifications-fault-test', logger: testLogger() });
    port = await freePort();
  });
  afterAll(async () => {
    await child?.stop({ timeoutMs: 10_000 });
    await nc?.drain();
    await smtp?.close();
    await nats?.stop();
    await data?.remove();
  });

  async function startProcess(env: Record<string, string> = {}): Promise<ManagedProcess> {
    const process_ = spawnManaged({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: PACKAGE_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        NOTIFICATIONS_PORT: String(port),
        DATA_DIR: data.path,
        NATS_URL: nats.url,
        SMTP_URL: smtp.url,
        AGORA_PUBLIC_URL: PUBLIC_URL,
        AGORA_INTERNAL_SECRET: SECRET,
        // The redelivery this test waits for comes after the consumer's AckWait: 5 s instead of
        // the production 30 s (test-only setting; same consumer, same redelivery, same claim).
        AGORA_ACK_WAIT_MS: '5000',
        ...env,
      },
      keepLines: 40,
    });
    await waitUntilReady(
      'notifications',
      process_,
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200,
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    return process_;
  }

  it('is killed after the mail went out, restarted, redelivered the comment — and the SMTP server has it once', async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const post = postOf(postPublished(ann, 'hello'), ann);
    const comment = commentAdded(post, bob, 'this one is mailed exactly once');

    child = await startProcess({ AGORA_FAULT: 'notifications.after-effect-before-ack' });
    for (const event of [accountRegistered(ann), accountRegistered(bob), emailVerified(ann)]) await publishEnvelope(js, event);
    // Identity's events first (other consumers): the comment must find ann's verified address and bob's username.
    await waitFor(
      async () => {
        for await (const info of jsm.consumers.list('IDENTITY')) {
          if (info.num_pending > 0 || info.num_ack_pending > 0 || info.delivered.stream_seq < 3) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, message: 'identity’s events consumed' },
    );
    await publishEnvelope(js, comment);

    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(child.lastLines().join('\n')).toContain('notifications.after-effect-before-ack');
    await child.stop();
    await smtp.waitForMessages(1);
    expect(smtp.messages.map((m) => [recipientOf(m), m.subject])).toEqual([[[emailOf(ann)], `@${bob.username} commented on your post`]]);
    const unacked = await jsm.consumers.info('COMMENTS', DURABLE);
    expect([unacked.delivered.stream_seq, unacked.ack_floor.stream_seq]).toEqual([1, 0]);

    child = await startProcess();
    // JetStream redelivers the unacked comment once its ack wait has passed; the restarted consumer acks it.
    await waitFor(
      async () => {
        const info = await jsm.consumers.info('COMMENTS', DURABLE);
        return info.num_ack_pending === 0 && info.num_pending === 0 && info.ack_floor.stream_seq === 1;
      },
      { timeoutMs: 90_000, intervalMs: 200, message: 'the comment redelivered and acked' },
    );

    const notifications = await gql(`http://127.0.0.1:${port}/graphql`, NOTIFICATIONS, {}, { headers: await identityHeaders(ann) });
    expect(notifications.data?.notifications.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['COMMENTED']);
    // A clean stop waits for the mail worker: anything it would (wrongly) send again has been sent by then.
    expect((await child.stop()).code).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });
});
