import { describe, expect, it } from 'vitest';
import { MAX_ALBUM_ITEMS } from '../../domain/album/album';
import { createAlbum } from '../create-album/create-album.command';
import { ALICE, BOB, T1, UNKNOWN, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { addToAlbum } from './add-to-album.command';

async function arrange() {
  const deps = setup();
  const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Trip' }));
  return { ...deps, album, add: deps.commands.bind(addToAlbum) };
}

describe('AddToAlbum', () => {
  it("appends the owner's READY items in the order they are added", async () => {
    const { unitOfWork, album, add } = await arrange();
    const [first, second] = [aMediaItem(), aMediaItem({ kind: 'VIDEO', hasThumbnail: false })];
    unitOfWork.store(first!);
    unitOfWork.store(second!);

    expect(await add.execute(as(ALICE, { albumId: album.id, mediaId: second!.id }))).toEqual(album);
    await add.execute(as(ALICE, { albumId: album.id, mediaId: first!.id }));

    expect(unitOfWork.albumItemIds(album.id)).toEqual([second!.id, first!.id]);
    expect(unitOfWork.tables.albumItems[0]).toMatchObject({ addedAt: T1 });
  });

  it(`refuses an item beyond ${MAX_ALBUM_ITEMS}`, async () => {
    const { unitOfWork, album, add } = await arrange();
    for (let position = 1; position <= MAX_ALBUM_ITEMS; position++) {
      unitOfWork.tables.albumItems.push({ albumId: album.id, mediaId: `m-${position}`, position, addedAt: T1 });
    }
    const item = aMediaItem();
    unitOfWork.store(item);

    expect(await rejection(add.execute(as(ALICE, { albumId: album.id, mediaId: item.id })))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MEDIA.ALBUM_FULL',
    });
  });

  const refusals: [string, string, (ids: { albumId: string; mine: string; bobs: string; pending: string }) => object, object][] = [
    [
      'the same item twice',
      ALICE,
      ({ albumId, mine }) => ({ albumId, mediaId: mine }),
      { code: 'CONFLICT', reason: 'MEDIA.ALREADY_IN_ALBUM' },
    ],
    [
      "someone else's item",
      ALICE,
      ({ albumId, bobs }) => ({ albumId, mediaId: bobs }),
      { code: 'FORBIDDEN', reason: 'MEDIA.NOT_OWNER', field: 'mediaId' },
    ],
    [
      'an item still uploading',
      ALICE,
      ({ albumId, pending }) => ({ albumId, mediaId: pending }),
      { code: 'BAD_USER_INPUT', reason: 'MEDIA.NOT_READY', field: 'mediaId' },
    ],
    [
      'an unknown item',
      ALICE,
      ({ albumId }) => ({ albumId, mediaId: UNKNOWN }),
      { code: 'NOT_FOUND', reason: 'MEDIA.NOT_FOUND', field: 'mediaId' },
    ],
    [
      'an unknown album',
      ALICE,
      ({ mine }) => ({ albumId: UNKNOWN, mediaId: mine }),
      { code: 'NOT_FOUND', reason: 'MEDIA.ALBUM_NOT_FOUND', field: 'albumId' },
    ],
    [
      "someone else's album",
      BOB,
      ({ albumId, bobs }) => ({ albumId, mediaId: bobs }),
      { code: 'FORBIDDEN', reason: 'MEDIA.NOT_ALBUM_OWNER' },
    ],
  ];

  it.each(refusals)('refuses %s', async (_label, viewer, input, expected) => {
    const { unitOfWork, album, add } = await arrange();
    const mine = aMediaItem();
    const bobs = aMediaItem({ ownerId: BOB });
    const pending = aMediaItem({ status: 'PENDING' });
    for (const item of [mine, bobs, pending]) unitOfWork.store(item);
    await add.execute(as(ALICE, { albumId: album.id, mediaId: mine.id }));

    expect(
      await rejection(add.execute(as(viewer, input({ albumId: album.id, mine: mine.id, bobs: bobs.id, pending: pending.id })))),
    ).toMatchObject(expected);
    expect(unitOfWork.albumItemIds(album.id)).toEqual([mine.id]);
  });
});
