/**
 * identity.account.registered.v1 → profile, over real NATS JetStream and real (in-memory) PGlite.
 * One NATS and one profiles instance for the file; every test uses its own account.
 */
import { ensureStreams } from '@agora/messaging';
import { STREAMS, parseEvent, ProfileCreatedV1, ProfileUpdatedV1, type EventEnvelope } from '@agora/events';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DURABLE,
  accountRegistered,
  anAccount,
  consumerSettled,
  entities,
  publish,
  startHarness,
  streamMessages,
  testConfig,
  updateProfile,
  type Harness,
} from './support/profiles-harness';

let nats: NatsServer;
let harness: Harness;
/** Event ids whose first successful handling "crashes" before the ack. */
const crashBeforeAck = new Set<string>();
const beforeAckCalls: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  harness = await startHarness(testConfig({ NATS_URL: nats.url }), {
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
  // Identity normally creates its stream; profiles ensures it too, and so may a test.
  await ensureStreams(harness.nc, [STREAMS.IDENTITY]);
});

afterAll(async () => {
  await harness?.stop();
  await nats?.stop();
});

const profileRows = (accountId: string) => harness.app.prisma.profile.findMany({ where: { accountId } });
const inboxRows = (eventId: string) => harness.app.prisma.inboxEvent.findMany({ where: { eventId } });
const outboxRows = (accountId: string) =>
  harness.app.prisma.outboxEvent.findMany({ where: { aggregateId: accountId }, orderBy: { seq: 'asc' } });

async function publishedProfileEvents(accountId: string): Promise<EventEnvelope[]> {
  const messages = await streamMessages(harness.jsm, 'PROFILES');
  return messages.map((message) => message.data as EventEnvelope).filter((event) => event.aggregateId === accountId);
}

describe('CreateProfileOnAccountRegistered', () => {
  it('creates the profile with the username as display name and publishes ProfileCreated', async () => {
    const account = anAccount();
    const registered = accountRegistered(account);

    await publish(harness.js, registered);

    const [profile] = await waitFor(async () => {
      const rows = await profileRows(account.accountId);
      return rows.length > 0 && rows;
    });
    expect(profile).toMatchObject({ username: account.username, displayName: account.username, bio: null, avatarUrl: null, version: 1 });
    expect(profile?.registeredAt).toBeInstanceOf(Date);

    const [published] = await waitFor(async () => {
      const events = await publishedProfileEvents(account.accountId);
      return events.length > 0 && events;
    });
    expect(parseEvent(ProfileCreatedV1, published)).toMatchObject({
      type: 'profiles.profile.created.v1',
      aggregateVersion: 1,
      causationId: registered.id,
      correlationId: registered.correlationId,
      payload: { accountId: account.accountId, displayName: account.username },
    });
    const response = await entities(harness.app.url, [account.accountId]);
    expect(response.data?._entities).toEqual([{ id: account.accountId, displayName: account.username, bio: null, avatarUrl: null }]);
  });

  it('does not duplicate the profile when the consumer dies after its effect but before its ack', async () => {
    const account = anAccount();
    const registered = accountRegistered(account);
    crashBeforeAck.add(registered.id);

    const { seq } = await publish(harness.js, registered);

    // Delivered twice: the first run commits and "crashes" before acking; after ack_wait the
    // server redelivers, the inbox turns the second run into a no-op, and that one is acked.
    await waitFor(() => consumerSettled(harness.jsm, seq), { message: 'the redelivery was never acked' });
    expect(beforeAckCalls.filter((id) => id === registered.id)).toHaveLength(2);
    expect(await profileRows(account.accountId)).toHaveLength(1);
    expect(await inboxRows(registered.id)).toEqual([expect.objectContaining({ consumer: DURABLE, eventId: registered.id })]);
    expect((await outboxRows(account.accountId)).map((row) => row.type)).toEqual(['profiles.profile.created.v1']);
  });

  it('creates no second profile or event when the same event arrives under another msgID', async () => {
    const account = anAccount();
    const registered = accountRegistered(account);
    const first = await publish(harness.js, registered);
    await waitFor(() => consumerSettled(harness.jsm, first.seq));

    // A different Nats-Msg-Id gets past JetStream's duplicate window: only the inbox can stop it.
    const second = await publish(harness.js, registered, `${registered.id}-again`);
    expect(second.duplicate).toBe(false);
    await waitFor(() => consumerSettled(harness.jsm, second.seq));

    expect(await profileRows(account.accountId)).toHaveLength(1);
    expect(await inboxRows(registered.id)).toHaveLength(1);
    expect(await outboxRows(account.accountId)).toHaveLength(1);
    await harness.app.relay.drain();
    expect(await publishedProfileEvents(account.accountId)).toHaveLength(1);
  });

  it('lets JetStream drop a re-publish with the same msgID', async () => {
    const account = anAccount();
    const registered = accountRegistered(account);
    await publish(harness.js, registered);

    expect((await publish(harness.js, registered)).duplicate).toBe(true);
  });

  it('dead-letters a payload that breaks the contract and creates nothing', async () => {
    const account = anAccount();
    const valid = accountRegistered(account);
    const malformed = { ...valid, payload: { ...valid.payload, accountId: 'not-a-uuid' } };

    const { seq } = await publish(harness.js, malformed);

    const dlqSubject = `dlq.profiles.${DURABLE}.identity.account.registered.v1`;
    const [dead] = await waitFor(async () => {
      const messages = (await streamMessages(harness.jsm, 'DLQ')).filter(
        (message) => message.subject === dlqSubject && (message.data as EventEnvelope).id === valid.id,
      );
      return messages.length > 0 && messages;
    });
    expect(dead?.data).toMatchObject({ payload: { accountId: 'not-a-uuid' } });
    await waitFor(() => consumerSettled(harness.jsm, seq));
    expect(await harness.app.prisma.profile.count({ where: { username: account.username } })).toBe(0);
    expect(await inboxRows(valid.id)).toEqual([]);
    expect(await harness.app.prisma.outboxEvent.count({ where: { aggregateId: 'not-a-uuid' } })).toBe(0);
  });

  it("keeps the owner's edits made before the event arrived and only completes the profile", async () => {
    const account = anAccount();
    const viewer = { userId: account.accountId, username: account.username };

    const early = await updateProfile(harness.app.url, viewer, { displayName: 'Early Bird', bio: 'first!' });
    expect(early.errors).toBeUndefined();
    expect(early.data?.updateProfile).toEqual({ id: account.accountId, displayName: 'Early Bird', bio: 'first!', avatarUrl: null });
    expect(await profileRows(account.accountId)).toEqual([expect.objectContaining({ registeredAt: null, version: 1 })]);

    const registered = accountRegistered(account);
    const { seq } = await publish(harness.js, registered);
    await waitFor(() => consumerSettled(harness.jsm, seq));

    expect(await profileRows(account.accountId)).toEqual([
      expect.objectContaining({ username: account.username, displayName: 'Early Bird', bio: 'first!', version: 2 }),
    ]);
    expect((await profileRows(account.accountId))[0]?.registeredAt).toBeInstanceOf(Date);
    await harness.app.relay.drain();
    const published = await publishedProfileEvents(account.accountId);
    expect(published.map((event) => [event.type, event.aggregateVersion])).toEqual([
      ['profiles.profile.updated.v1', 1],
      ['profiles.profile.created.v1', 2],
    ]);
    expect(parseEvent(ProfileUpdatedV1, published[0]).payload).toEqual({
      accountId: account.accountId,
      displayName: 'Early Bird',
      bio: 'first!',
      avatarUrl: null,
    });
    expect(parseEvent(ProfileCreatedV1, published[1]).payload.displayName).toBe('Early Bird');
  });

  it('fills the display name with the username when the early edit left it to default', async () => {
    const account = anAccount();
    const viewer = { userId: account.accountId, username: account.username };
    await updateProfile(harness.app.url, viewer, { displayName: null, avatarUrl: 'https://cdn.example.com/me.png' });

    const { seq } = await publish(harness.js, accountRegistered(account));
    await waitFor(() => consumerSettled(harness.jsm, seq));

    const response = await entities(harness.app.url, [account.accountId]);
    expect(response.data?._entities).toEqual([
      { id: account.accountId, displayName: account.username, bio: null, avatarUrl: 'https://cdn.example.com/me.png' },
    ]);
  });
});
