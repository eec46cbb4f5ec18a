/**
 * The background sweeper on real PGlite and NATS, with the context's clock moved: unfinished
 * uploads (PENDING, UPLOADING) older than 24 h go with their files; fresh ones and finished
 * items stay.
 */
import { startNats, TestClock, waitFor, type NatsServer } from '@agora/testing';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, CREATE_UPLOAD, startHarness, testConfig, type Harness } from './support/media-harness';

let nats: NatsServer;
let h: Harness;
const clock = new TestClock(new Date());
const alice = aUser('alice');

beforeAll(async () => {
  nats = await startNats();
  h = await startHarness(testConfig({ NATS_URL: nats.url, MEDIA_SWEEP_INTERVAL_MS: '1000' }), { database: { memory: true }, clock });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

const ticket = async () =>
  (await h.request(CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: 10 } }, alice)).data.createUpload.item
    .id as string;

describe('upload sweeper', () => {
  it('removes PENDING and UPLOADING items older than 24 h and their files, and nothing else', async () => {
    const stalePending = await ticket();
    const staleUploading = await ticket();
    await h.app.prisma.mediaItem.update({ where: { id: staleUploading }, data: { status: 'UPLOADING' } });
    await h.storage.put(`${staleUploading}/raw`, Readable.from([Buffer.from('partial')]), { contentType: 'image/png', maxBytes: 10 });
    const ready = await h.upload(alice);
    clock.advance(23 * 3_600_000);
    const fresh = await ticket();
    clock.advance(3_600_000 + 1);

    await waitFor(
      async () =>
        (await h.app.prisma.mediaItem.count({ where: { id: { in: [stalePending, staleUploading] } } })) === 0 ? true : undefined,
      {
        timeoutMs: 20_000,
        message: 'the sweeper never removed the stale uploads',
      },
    );

    const left = await h.app.prisma.mediaItem.findMany({
      where: { id: { in: [stalePending, staleUploading, ready, fresh] } },
      select: { id: true },
    });
    expect(left.map((row) => row.id).sort()).toEqual([fresh, ready].sort());
    expect(h.storage.keysOf(staleUploading)).toEqual([]);
    expect(h.storage.deleted).toContain(`${staleUploading}/raw`);
    expect(h.storage.keysOf(ready)).toHaveLength(2);
  });
});
