import { describe, expect, it } from 'vitest';
import { STREAMS } from '@agora/events';
import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_AGE_MS, ensureStreams } from '../src/index';
import { aPostPublished } from './support/event-mother';
import { publishEvent } from './support/jetstream';
import { useNats } from './support/nats';

describe('ensureStreams against a real nats-server', () => {
  const nats = useNats();

  it('creates each context stream and the DLQ with file storage, limits retention and the default windows', async () => {
    const { nc } = nats();
    await ensureStreams(nc, Object.values(STREAMS));
    const jsm = await jetstreamManager(nc);

    const names = [];
    for await (const name of jsm.streams.names()) names.push(name);
    expect(names.sort()).toEqual(['DLQ', ...Object.values(STREAMS).map((stream) => stream.name)].sort());

    for (const [name, subjects] of [
      ['POSTS', ['posts.>']],
      ['DLQ', ['dlq.>']],
    ] as const) {
      const { config } = await jsm.streams.info(name);
      expect(config).toMatchObject({
        subjects,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos(DEFAULT_MAX_AGE_MS),
        duplicate_window: nanos(DEFAULT_DUPLICATE_WINDOW_MS),
      });
    }
    expect(DEFAULT_MAX_AGE_MS).toBe(365 * 24 * 3600 * 1000);
    expect(DEFAULT_DUPLICATE_WINDOW_MS).toBe(10 * 60 * 1000);
  });

  it('is idempotent, and updates a changed config without losing messages', async () => {
    const { nc } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    await publishEvent(nc, aPostPublished());
    await ensureStreams(nc, [STREAMS.POSTS]);

    const jsm = await jetstreamManager(nc);
    const created = (await jsm.streams.info('POSTS')).created;
    await ensureStreams(nc, [STREAMS.POSTS], { maxAgeMs: 7 * 24 * 3600 * 1000, duplicateWindowMs: 60_000 });

    const info = await jsm.streams.info('POSTS');
    expect(info.created).toBe(created);
    expect(info.config.max_age).toBe(nanos(7 * 24 * 3600 * 1000));
    expect(info.config.duplicate_window).toBe(nanos(60_000));
    expect(info.state.messages).toBe(1);
  });

  it('refuses to silently convert a stream with another storage type', async () => {
    const { nc } = nats();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'POSTS', subjects: ['posts.>'], storage: StorageType.Memory });
    await expect(ensureStreams(nc, [STREAMS.POSTS])).rejects.toThrow(/storage=memory/);
  });
});
