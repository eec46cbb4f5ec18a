import { describe, expect, it } from 'vitest';
import { STREAMS } from '@agora/events';
import { waitFor } from '@agora/testing';
import { ensureStreams, isNatsConnected, OutboxRelay, type OutboxRecord } from '../src/index';
import { aPostPublished, anAccountRegistered } from './support/event-mother';
import { readStream } from './support/jetstream';
import { MemoryOutboxStore } from './support/memory-outbox-store';
import { useNats } from './support/nats';

const streams = [STREAMS.IDENTITY, STREAMS.POSTS];

describe('OutboxRelay against a real nats-server', () => {
  const nats = useNats();

  it('publishes rows in order with msgID = event id, marks them published, and adds nothing else', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, streams);
    const store = new MemoryOutboxStore();
    const posts = [aPostPublished(), aPostPublished(), aPostPublished(), aPostPublished(), aPostPublished()];
    const account = anAccountRegistered();
    store.append(posts[0]!, posts[1]!, account, posts[2]!, posts[3]!, posts[4]!);

    const relay = new OutboxRelay({ store, nc, logger, batchSize: 2, pollIntervalMs: 5_000 });
    relay.start();
    // Many wake-ups at once must not start overlapping passes.
    for (let i = 0; i < 20; i++) relay.wake();
    await relay.drain(10_000);
    await relay.stop();

    const stored = await readStream(nc, 'POSTS');
    expect(stored.map((message) => message.header?.get('Nats-Msg-Id'))).toEqual(posts.map((post) => post.id));
    expect(stored.map((message) => message.json<{ id: string }>().id)).toEqual(posts.map((post) => post.id));
    expect(stored.map((message) => message.subject)).toEqual(posts.map(() => 'posts.post.published.v1'));
    expect(stored[0]!.json()).toEqual(posts[0]);

    const identity = await readStream(nc, 'IDENTITY');
    expect(identity.map((message) => message.header?.get('Nats-Msg-Id'))).toEqual([account.id]);

    expect(store.unpublishedIds()).toEqual([]);
    // Marked per batch of two, in outbox order.
    expect(store.markCalls).toEqual([
      [posts[0]!.id, posts[1]!.id],
      [account.id, posts[2]!.id],
      [posts[3]!.id, posts[4]!.id],
    ]);
    expect(store.maxConcurrentCalls).toBe(1);
  });

  it('publishes rows committed later once woken, well before the polling interval', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, streams);
    const store = new MemoryOutboxStore();
    const relay = new OutboxRelay({ store, nc, logger, pollIntervalMs: 60_000 });
    relay.start();
    await relay.drain(5_000);

    const post = aPostPublished();
    store.append(post);
    relay.wake();
    await waitFor(() => store.unpublishedIds().length === 0, { timeoutMs: 5_000, message: 'the woken relay to publish' });
    await relay.stop();
    expect((await readStream(nc, 'POSTS')).map((message) => message.header?.get('Nats-Msg-Id'))).toEqual([post.id]);
  });

  it('after a crash between publish and mark, a new relay republishes and JetStream keeps one copy per event', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, streams);
    const store = new MemoryOutboxStore();
    const events = [aPostPublished(), aPostPublished(), aPostPublished()];
    store.append(...events);

    let crashed = false;
    const crashing = new OutboxRelay({
      store,
      nc,
      logger,
      // Keep the crashed relay from retrying by itself before we stop it.
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      afterPublish: (record: OutboxRecord) => {
        if (record.id === events[1]!.id && !crashed) {
          crashed = true;
          throw new Error('simulated crash after publish');
        }
      },
    });
    crashing.start();
    await waitFor(() => logger.find('outbox relay interrupted after publish, before mark').length > 0, {
      message: 'the simulated crash',
    });
    await crashing.stop();

    // Both acknowledged rows reached the stream, neither was marked.
    expect((await readStream(nc, 'POSTS')).length).toBe(2);
    expect(store.unpublishedIds()).toEqual(events.map((event) => event.id));
    expect(store.markCalls).toEqual([]);

    const restarted = new OutboxRelay({ store, nc, logger });
    restarted.start();
    await restarted.drain(10_000);
    await restarted.stop();

    const stored = await readStream(nc, 'POSTS');
    expect(stored.map((message) => message.header?.get('Nats-Msg-Id'))).toEqual(events.map((event) => event.id));
    expect(store.unpublishedIds()).toEqual([]);
    // JetStream recognised the two republished rows as duplicates.
    const duplicates = logger
      .find('event published', 'debug')
      .filter((entry) => entry.fields.duplicate === true)
      .map((entry) => entry.fields.eventId);
    expect(duplicates).toEqual([events[0]!.id, events[1]!.id]);
  });

  it('keeps rows written while NATS is down and publishes them, in order, once the server is back', async () => {
    const { nc, logger, server } = nats();
    await ensureStreams(nc, streams);
    const store = new MemoryOutboxStore();
    const before = aPostPublished();
    store.append(before);
    const relay = new OutboxRelay({ store, nc, logger, publishTimeoutMs: 300, backoff: { initialMs: 50, maxMs: 200 } });
    relay.start();
    await relay.drain(5_000);

    await server.stop();
    await waitFor(() => !isNatsConnected(nc), { message: 'the client to notice the server is gone' });
    const during = [aPostPublished(), anAccountRegistered(), aPostPublished()];
    store.append(...during);
    relay.wake();
    await waitFor(() => logger.find('event publish failed; will retry', 'warn').length >= 2, {
      message: 'publish attempts to fail while the server is down',
    });
    expect(store.unpublishedIds()).toEqual(during.map((event) => event.id));

    await server.restart();
    await relay.drain(15_000);
    await relay.stop();

    expect(isNatsConnected(nc)).toBe(true);
    expect((await readStream(nc, 'POSTS')).map((message) => message.header?.get('Nats-Msg-Id'))).toEqual([
      before.id,
      during[0]!.id,
      during[2]!.id,
    ]);
    expect((await readStream(nc, 'IDENTITY')).map((message) => message.header?.get('Nats-Msg-Id'))).toEqual([during[1]!.id]);
    expect(store.unpublishedIds()).toEqual([]);
    expect(logger.find('outbox relay recovered', 'info').length).toBeGreaterThan(0);
  });

  it('drain() fails after its timeout while rows cannot be published, and stop() ends the loop', async () => {
    const { nc, logger } = nats();
    // No streams: JetStream has no responder for the subject, so every publish fails.
    const store = new MemoryOutboxStore();
    store.append(aPostPublished());
    const relay = new OutboxRelay({ store, nc, logger, publishTimeoutMs: 200, backoff: { initialMs: 20, maxMs: 50 } });
    relay.start();
    await expect(relay.drain(400)).rejects.toThrow(/not empty after 400 ms/);
    await relay.stop();
    expect(store.unpublishedIds()).toHaveLength(1);
    await expect(relay.drain(100)).rejects.toThrow(/not running/);
  });
});
