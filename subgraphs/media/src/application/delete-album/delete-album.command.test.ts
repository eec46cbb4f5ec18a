import { describe, expect, it } from 'vitest';
import { addToAlbum } from '../add-to-album/add-to-album.command';
import { createAlbum } from '../create-album/create-album.command';
import { ALICE, BOB, UNKNOWN, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { deleteAlbum } from './delete-album.command';

describe('DeleteAlbum', () => {
  it('deletes the album and its entries; the items stay', async () => {
    const deps = setup();
    const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Trip' }));
    const item = aMediaItem();
    deps.unitOfWork.store(item);
    await deps.commands.bind(addToAlbum).execute(as(ALICE, { albumId: album.id, mediaId: item.id }));

    expect(await deps.commands.bind(deleteAlbum).execute(as(ALICE, { albumId: album.id }))).toBe(true);

    expect(deps.unitOfWork.tables.albums.size).toBe(0);
    expect(deps.unitOfWork.tables.albumItems).toEqual([]);
    expect(deps.unitOfWork.tables.media.has(item.id)).toBe(true);
  });

  it.each([
    ["someone else's album", BOB, false, { code: 'FORBIDDEN', reason: 'MEDIA.NOT_ALBUM_OWNER' }],
    ['an unknown album', ALICE, true, { code: 'NOT_FOUND', reason: 'MEDIA.ALBUM_NOT_FOUND', field: 'albumId' }],
  ])('refuses %s', async (_label, viewer, unknown, expected) => {
    const deps = setup();
    const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Trip' }));
    expect(await rejection(deps.commands.bind(deleteAlbum).execute(as(viewer, { albumId: unknown ? UNKNOWN : album.id })))).toMatchObject(
      expected,
    );
    expect(deps.unitOfWork.tables.albums.size).toBe(1);
  });
});
