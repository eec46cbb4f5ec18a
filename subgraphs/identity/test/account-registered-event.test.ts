import { AccountRegisteredV1, parseEvent, STREAMS } from '@agora/events';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

let nats: NatsServer;
let identity: IdentityHarness;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url });
  nc = await connect({ servers: nats.url });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.close();
  await identity?.stop();
  await nats?.stop();
});

describe('identity.account.registered.v1', () => {
  it('reaches the IDENTITY stream through the outbox, with Nats-Msg-Id = event id', async () => {
    const { data } = await identity.register(aRegistration({ username: 'event_source' }));
    const user = data.register.user;
    const row = await identity.app.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: user.id } });

    const message = await waitFor(
      () => jsm.streams.getMessage(STREAMS.IDENTITY.name, { last_by_subj: AccountRegisteredV1.type }).catch(() => undefined),
      { message: 'the registered event never reached the IDENTITY stream' },
    );
    expect(message.subject).toBe('identity.account.registered.v1');
    expect(message.header.get('Nats-Msg-Id')).toBe(row.id);

    const event = parseEvent(AccountRegisteredV1, message.json());
    expect(event).toMatchObject({
      id: row.id,
      type: 'identity.account.registered.v1',
      aggregateId: user.id,
      aggregateVersion: 1,
      actorId: user.id,
      payload: { accountId: user.id, username: 'event_source', registeredAt: user.createdAt },
    });
    // the relay marks what JetStream acknowledged
    await waitFor(async () => (await identity.app.prisma.outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).publishedAt);
  });

  it('publishes nothing for a failed registration', async () => {
    const taken = aRegistration();
    await identity.register(taken);
    await identity.app.relay.drain();
    const before = (await jsm.streams.info(STREAMS.IDENTITY.name)).state.messages;
    const failed = await identity.register(aRegistration({ username: taken.username }));
    expect(failed.errors?.[0]?.extensions?.reason).toBe('IDENTITY.USERNAME_TAKEN');
    await identity.app.relay.drain();
    expect((await jsm.streams.info(STREAMS.IDENTITY.name)).state.messages).toBe(before);
    expect(await identity.app.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});
