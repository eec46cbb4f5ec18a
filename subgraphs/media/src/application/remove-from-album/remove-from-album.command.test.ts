import { describe, expect, it } from 'vitest';
import { addToAlbum } from '../add-to-album/add-to-album.command';
import { createAlbum } from '../create-album/create-album.command';
import { ALICE, BOB, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { removeFromAlbum } from './remove-from-album.command';

async function arrange() {
  const deps = setup();
  const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Trip' }));
  const [a, b] = [aMediaItem(), aMediaItem()];
  for (const item of [a!, b!]) {
    deps.unitOfWork.store(item);
    await deps.commands.bind(addToAlbum).execute(as(ALICE, { albumId: album.id, mediaId: item.id }));
  }
  return { ...deps, album, a: a!, b: b!, remove: deps.commands.bind(removeFromAlbum) };
}

describe('RemoveFromAlbum', () => {
  it('takes the item out of the album and leaves the item itself', async () => {
    const { unitOfWork, album, a, b, remove } = await arrange();

    expect(await remove.execute(as(ALICE, { albumId: album.id, mediaId: a.id }))).toMatchObject({ id: album.id });

    expect(unitOfWork.albumItemIds(album.id)).toEqual([b.id]);
    expect(unitOfWork.tables.media.has(a.id)).toBe(true);
    expect(unitOfWork.removedFiles).toEqual([]);
  });

  it.each([
    ['an item not in the album', ALICE, true, { code: 'NOT_FOUND', reason: 'MEDIA.NOT_IN_ALBUM', field: 'mediaId' }],
    ["someone else's album", BOB, false, { code: 'FORBIDDEN', reason: 'MEDIA.NOT_ALBUM_OWNER' }],
  ])('refuses %s', async (_label, viewer, removeFirst, expected) => {
    const { unitOfWork, album, a, remove } = await arrange();
    if (removeFirst) await remove.execute(as(ALICE, { albumId: album.id, mediaId: a.id }));
    const before = unitOfWork.albumItemIds(album.id);

    expect(await rejection(remove.execute(as(viewer, { albumId: album.id, mediaId: a.id })))).toMatchObject(expected);
    expect(unitOfWork.albumItemIds(album.id)).toEqual(before);
  });
});
