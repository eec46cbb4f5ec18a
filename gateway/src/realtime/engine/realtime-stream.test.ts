import { REALTIME_STREAM, type SourcedStreamSpec } from '@agora/realtime';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { DeliverPolicy, StorageType, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRealtimeStream } from './realtime-stream';

describe('ensureRealtimeStream', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
    for (const name of ['POSTS', 'COMMENTS', 'NOTIFICATIONS']) {
      await jsm.streams.add({ name, subjects: [`${name.toLowerCase()}.>`] });
    }
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const spec = (name: string, sources: SourcedStreamSpec['sources'], maxAgeMs = 60_000): SourcedStreamSpec => ({ name, sources, maxAgeMs });

  it('creates a sourced stream (no subjects, file storage, max age) that copies events from now on, not the past', async () => {
    const js = jetstream(nc);
    await js.publish('posts.post.old.v1', 'before the stream existed');
    const info = await ensureRealtimeStream(
      jsm,
      spec('RT_CREATE', [{ stream: 'POSTS' }, { stream: 'NOTIFICATIONS', filterSubject: 'notifications.notification.created.v1' }]),
    );
    expect(info.config.subjects ?? []).toEqual([]);
    expect(info.config.storage).toBe(StorageType.File);
    expect(info.config.max_age).toBe(nanos(60_000));
    expect(info.config.sources?.map((source) => [source.name, source.filter_subject ?? null])).toEqual([
      ['POSTS', null],
      ['NOTIFICATIONS', 'notifications.notification.created.v1'],
    ]);
    for (const source of info.config.sources ?? []) expect(Date.parse(source.opt_start_time!)).toBeGreaterThan(Date.now() - 60_000);

    await js.publish('posts.post.new.v1', 'after');
    await js.publish('notifications.other.v1', 'filtered out');
    await js.publish('notifications.notification.created.v1', 'kept');
    await waitFor(async () => (await jsm.streams.info('RT_CREATE')).state.messages === 2);
    const consumer = await js.consumers.get('RT_CREATE', { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
    const subjects: string[] = [];
    for await (const message of await consumer.fetch({ max_messages: 2, expires: 2_000 })) subjects.push(message.subject);
    expect(subjects.sort()).toEqual(['notifications.notification.created.v1', 'posts.post.new.v1']);
  });

  it('is idempotent: a second call changes nothing (sources keep their start time)', async () => {
    const sources = [{ stream: 'POSTS' }];
    const first = await ensureRealtimeStream(jsm, spec('RT_IDEMPOTENT', sources), new Date('2026-01-01T00:00:00Z'));
    const second = await ensureRealtimeStream(jsm, spec('RT_IDEMPOTENT', sources), new Date('2027-01-01T00:00:00Z'));
    expect(second.config).toEqual(first.config);
    expect(Date.parse(second.config.sources![0]!.opt_start_time!)).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('updates sources and max age when they differ, starting only new sources at now', async () => {
    await ensureRealtimeStream(jsm, spec('RT_UPDATE', [{ stream: 'POSTS' }]), new Date('2026-01-01T00:00:00Z'));
    const updated = await ensureRealtimeStream(
      jsm,
      spec('RT_UPDATE', [{ stream: 'POSTS' }, { stream: 'COMMENTS' }], 120_000),
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(updated.config.max_age).toBe(nanos(120_000));
    expect(updated.config.sources?.map((source) => [source.name, Date.parse(source.opt_start_time!)])).toEqual([
      ['POSTS', Date.parse('2026-01-01T00:00:00Z')],
      ['COMMENTS', Date.parse('2026-06-01T00:00:00Z')],
    ]);
    const filtered = await ensureRealtimeStream(
      jsm,
      spec('RT_UPDATE', [{ stream: 'COMMENTS', filterSubject: 'comments.comment.added.v1' }], 120_000),
    );
    expect(filtered.config.sources?.map((source) => [source.name, source.filter_subject])).toEqual([
      ['COMMENTS', 'comments.comment.added.v1'],
    ]);
  });

  it('refuses a same-named stream it cannot convert (memory storage)', async () => {
    await jsm.streams.add({ name: 'RT_MEMORY', storage: StorageType.Memory, sources: [{ name: 'POSTS' }] });
    await expect(ensureRealtimeStream(jsm, spec('RT_MEMORY', [{ stream: 'POSTS' }]))).rejects.toThrow(/storage=memory/);
  });

  it('accepts the real REALTIME spec (six sources, one filter each)', async () => {
    const info = await ensureRealtimeStream(jsm, REALTIME_STREAM);
    expect(info.config.sources).toHaveLength(REALTIME_STREAM.sources.length);
  });
});
