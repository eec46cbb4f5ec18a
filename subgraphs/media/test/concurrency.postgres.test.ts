/**
 * Races that only a real multi-connection database can lose, on Postgres: concurrent additions to
 * one album all land, each at its own position (the album row is locked while appending).
 */
import { startOnBackend } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, startHarness, testConfig, type Harness } from './support/media-harness';
import { ADD_TO_ALBUM, ALBUM, CREATE_ALBUM } from './support/operations';

let h: Harness & { close(): Promise<void> };
const alice = aUser('alice');

beforeAll(async () => {
  h = await startOnBackend(
    'postgres',
    'media',
    async ({ env, overrides }) => startHarness(testConfig(env), overrides),
    (started) => started.stop(),
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('concurrency (Postgres)', () => {
  it('appends 12 concurrent additions to one album, each once, in distinct positions', async () => {
    const items = await Promise.all(Array.from({ length: 12 }, () => h.upload(alice)));
    const album = (await h.request(CREATE_ALBUM, { input: { title: 'Race' } }, alice)).data.createAlbum;

    const answers = await Promise.all(items.map((mediaId) => h.request(ADD_TO_ALBUM, { input: { albumId: album.id, mediaId } }, alice)));

    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    const listed = (await h.request(ALBUM, { id: album.id, first: 50 }, alice)).data.album.items.edges.map((e: any) => e.node.id);
    expect([...listed].sort()).toEqual([...items].sort());
    const positions = await h.app.prisma.albumItem.findMany({
      where: { albumId: album.id },
      select: { position: true },
      orderBy: { position: 'asc' },
    });
    expect(positions.map((row) => row.position)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });
});
