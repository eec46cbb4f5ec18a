/**
 * identity.account.registered.v1 → social's replica of known accounts, over real NATS JetStream
 * and real (in-memory) PGlite: a user can be followed once identity has said they exist, and the
 * registration is recorded exactly once however often it is delivered.
 */
import { ensureStreams } from '@agora/messaging';
import { STREAMS, type EventEnvelope } from '@agora/events';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLLOW } from './support/operations';
import {
  DURABLE,
  accountRegistered,
  aUser,
  consumerSettled,
  publish,
  startHarness,
  streamMessages,
  testConfig,
  type Harness,
} from './support/social-harness';

let nats: NatsServer;
let h: Harness;
/** Event ids whose first successful handling "crashes" before the ack. */
const crashBeforeAck = new Set<string>();
const beforeAckCalls: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  h = await startHarness(testConfig({ NATS_URL: nats.url }), {
    database: { memory: true },
    consumers: {
      ackWaitMs: 1_000,
      backoffMs: [100],
      beforeAck: (event) => {
        beforeAckCalls.push(event.id);
        if (crashBeforeAck.delete(event.id)) throw new Error('simulated crash between commit and ack');
      },
    },
  });
  await ensureStreams(h.nc, [STREAMS.IDENTITY]);
});

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

const knownRows = (id: string) => h.app.prisma.knownAccount.findMany({ where: { id } });
const inboxRows = (eventId: string) => h.app.prisma.inboxEvent.findMany({ where: { eventId } });

describe('RecordAccountOnAccountRegistered', () => {
  it('makes a registered account followable: NOT_FOUND before the event, a follow after it', async () => {
    const [fan, newcomer] = [aUser(), aUser()];
    const follow = () => h.request(FOLLOW, { input: { userId: newcomer.userId } }, fan);

    expect((await follow()).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'SOCIAL.USER_NOT_FOUND' });

    const registered = accountRegistered(newcomer);
    const { seq } = await publish(h.js, registered);
    await waitFor(() => consumerSettled(h.jsm, seq));

    expect(await knownRows(newcomer.userId)).toEqual([expect.objectContaining({ id: newcomer.userId, username: newcomer.username })]);
    expect(await inboxRows(registered.id)).toEqual([expect.objectContaining({ consumer: DURABLE })]);
    expect((await follow()).data?.follow).toMatchObject({ id: newcomer.userId, viewerFollows: true });
    // Recording an account is not a social event.
    await h.app.relay.drain();
    const social = (await streamMessages(h.jsm, 'SOCIAL')).map((message) => message.data as EventEnvelope);
    expect(social.map((event) => event.type)).toEqual(['social.follow.created.v1']);
  });

  it('records the account once when the consumer dies after its effect but before its ack', async () => {
    const user = aUser();
    const registered = accountRegistered(user);
    crashBeforeAck.add(registered.id);

    const { seq } = await publish(h.js, registered);

    // Delivered twice: the first run commits and "crashes" before acking; after ack_wait the
    // server redelivers, the inbox turns the second run into a no-op, and that one is acked.
    await waitFor(() => consumerSettled(h.jsm, seq), { message: 'the redelivery was never acked' });
    expect(beforeAckCalls.filter((id) => id === registered.id)).toHaveLength(2);
    expect(await knownRows(user.userId)).toHaveLength(1);
    expect(await inboxRows(registered.id)).toHaveLength(1);
  });

  it('records nothing twice when the same event arrives under another msgID, or another event for the same account', async () => {
    const user = aUser();
    const registered = accountRegistered(user);
    const first = await publish(h.js, registered);
    await waitFor(() => consumerSettled(h.jsm, first.seq));
    const recordedAt = (await knownRows(user.userId))[0]?.recordedAt;

    // A different Nats-Msg-Id gets past JetStream's duplicate window: only the inbox can stop it.
    const again = await publish(h.js, registered, `${registered.id}-again`);
    const other = await publish(h.js, accountRegistered(user));
    expect(again.duplicate).toBe(false);
    await waitFor(() => consumerSettled(h.jsm, other.seq));

    expect(await knownRows(user.userId)).toEqual([expect.objectContaining({ recordedAt })]);
    expect(await inboxRows(registered.id)).toHaveLength(1);
  });

  it('dead-letters a payload that breaks the contract and records nothing', async () => {
    const user = aUser();
    const valid = accountRegistered(user);
    const malformed = { ...valid, payload: { ...valid.payload, accountId: 'not-a-uuid' } };

    const { seq } = await publish(h.js, malformed);

    const dlqSubject = `dlq.social.${DURABLE}.identity.account.registered.v1`;
    await waitFor(async () =>
      (await streamMessages(h.jsm, 'DLQ')).some(
        (message) => message.subject === dlqSubject && (message.data as EventEnvelope).id === valid.id,
      ),
    );
    await waitFor(() => consumerSettled(h.jsm, seq));
    expect(await h.app.prisma.knownAccount.count({ where: { username: user.username } })).toBe(0);
    expect(await inboxRows(valid.id)).toEqual([]);
  });
});
