import { connectNats, type NatsConnection } from '@agora/messaging';
import { createLogger } from '@agora/service-kit';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEventSource, readRange, type StreamEvent } from './event-source';

const logger = createLogger('event-source-test', 'silent');

describe('event sources on a real JetStream', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ servers: nats.url, name: 'event-source-test', logger, reconnectTimeWaitMs: 100 });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const publish = async (stream: string, count: number) => {
    for (let i = 0; i < count; i++) await js.publish(`${stream.toLowerCase()}.event`, `m${i}`);
  };
  const read = async (stream: string, from: number, to: number) => {
    const seqs: number[] = [];
    for await (const event of readRange({ js, jsm, stream, from, to })) seqs.push(event.seq);
    return seqs;
  };

  it('readRange yields from..to inclusive and stops there, from the first kept when older', async () => {
    await jsm.streams.add({ name: 'RANGE', subjects: ['range.>'] });
    await publish('RANGE', 10);
    expect(await read('RANGE', 3, 6)).toEqual([3, 4, 5, 6]);
    expect(await read('RANGE', 7, 7)).toEqual([7]);
    expect(await read('RANGE', 8, 7)).toEqual([]);
    await jsm.streams.purge('RANGE', { keep: 4 });
    // Messages 1–6 are gone: a resume from 2 starts at the first kept.
    expect(await read('RANGE', 2, 9)).toEqual([7, 8, 9]);
    // Nothing of the range is left: it ends instead of waiting for messages that will not come.
    await jsm.streams.purge('RANGE');
    expect(await read('RANGE', 8, 10)).toEqual([]);
    // The temporary consumers are gone.
    expect((await jsm.streams.info('RANGE')).state.consumer_count).toBe(0);
  });

  it('the live source delivers in order from its start position only', async () => {
    await jsm.streams.add({ name: 'LIVE', subjects: ['live.>'] });
    await publish('LIVE', 3);
    const events: StreamEvent[] = [];
    const source = new LiveEventSource({ nc, js, stream: 'LIVE', after: 3, onEvent: (event) => events.push(event), logger });
    await source.start();
    expect(source.isAttached()).toBe(true);
    await publish('LIVE', 3);
    await waitFor(() => events.length === 3);
    expect(events.map((event) => event.seq)).toEqual([4, 5, 6]);
    expect(new TextDecoder().decode(events[0]!.data)).toBe('m0');
    expect(source.position).toBe(6);
    await source.stop();
    expect(source.isAttached()).toBe(false);
  });

  it('recreates a deleted stream and restarts positions (onReset), then keeps delivering', async () => {
    await jsm.streams.add({ name: 'LOST', subjects: ['lost.>'] });
    await publish('LOST', 5);
    const events: StreamEvent[] = [];
    let resets = 0;
    const source = new LiveEventSource({
      nc,
      js,
      stream: 'LOST',
      after: 5,
      onEvent: (event) => events.push(event),
      prepare: async () => {
        try {
          return (await jsm.streams.info('LOST')).state.last_seq;
        } catch {
          return (await jsm.streams.add({ name: 'LOST', subjects: ['lost.>'] })).state.last_seq;
        }
      },
      onReset: () => resets++,
      logger,
      expiresMs: 1_000,
    });
    await source.start();
    await jsm.streams.delete('LOST');
    await waitFor(() => resets === 1, { timeoutMs: 30_000, message: 'the source to notice the stream is gone' });
    await waitFor(() => source.isAttached(), { timeoutMs: 10_000 });
    await publish('LOST', 2);
    await waitFor(() => events.length === 2, { timeoutMs: 10_000 });
    expect(events.map((event) => event.seq)).toEqual([1, 2]);
    await source.stop();
  });
});
