import { describe, expect, it } from 'vitest';
import { createAlbum } from '../create-album/create-album.command';
import { addToAlbum } from '../add-to-album/add-to-album.command';
import { setAvatar } from '../set-avatar/set-avatar.command';
import { setBanner } from '../set-banner/set-banner.command';
import { ALICE, BOB, POST_1, T1, UNKNOWN, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { deleteMedia } from './delete-media.command';

describe('DeleteMedia', () => {
  it('deletes the item, its album entries and attachments, clears the slots showing it, then removes its files', async () => {
    const deps = setup();
    const item = aMediaItem();
    const other = aMediaItem();
    deps.unitOfWork.store(item);
    deps.unitOfWork.store(other);
    const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Trip' }));
    await deps.commands.bind(addToAlbum).execute(as(ALICE, { albumId: album.id, mediaId: item.id }));
    await deps.commands.bind(addToAlbum).execute(as(ALICE, { albumId: album.id, mediaId: other.id }));
    await deps.commands.bind(setAvatar).execute(as(ALICE, { id: item.id }));
    await deps.commands.bind(setBanner).execute(as(ALICE, { id: item.id }));
    deps.unitOfWork.tables.attachments.push({ postId: POST_1, mediaId: item.id, position: 0, authorId: ALICE });
    deps.unitOfWork.outbox.length = 0;

    expect(await deps.commands.bind(deleteMedia).execute(as(ALICE, { id: item.id.toUpperCase() }))).toBe(true);

    expect(deps.unitOfWork.tables.media.has(item.id)).toBe(false);
    expect(deps.unitOfWork.albumItemIds(album.id)).toEqual([other.id]);
    expect(deps.unitOfWork.attachmentIds(POST_1)).toEqual([]);
    expect(deps.unitOfWork.profileImage(ALICE, 'AVATAR')).toBeUndefined();
    expect(deps.unitOfWork.events()).toEqual([
      { type: 'ProfileImageChanged', userId: ALICE, slot: 'AVATAR', mediaId: null, at: T1 },
      { type: 'ProfileImageChanged', userId: ALICE, slot: 'BANNER', mediaId: null, at: T1 },
      { type: 'MediaItemDeleted', mediaId: item.id, ownerId: ALICE, at: T1 },
    ]);
    expect(deps.unitOfWork.outbox[0]?.metadata).toEqual({ correlationId: 'req-1', causationId: null, actorId: ALICE });
    expect(deps.unitOfWork.removedFiles).toEqual([`${item.id}/raw`, `${item.id}/original`, `${item.id}/thumbnail`]);
  });

  it('deletes a PENDING item too, without slot events', async () => {
    const deps = setup();
    const pending = aMediaItem({ status: 'PENDING', readyAt: null });
    deps.unitOfWork.store(pending);

    await deps.commands.bind(deleteMedia).execute(as(ALICE, { id: pending.id }));

    expect(deps.unitOfWork.events()).toEqual([{ type: 'MediaItemDeleted', mediaId: pending.id, ownerId: ALICE, at: T1 }]);
  });

  it.each([
    ["someone else's item", BOB, { code: 'FORBIDDEN', reason: 'MEDIA.NOT_OWNER' }],
    ['an unknown item', ALICE, { code: 'NOT_FOUND', reason: 'MEDIA.NOT_FOUND' }],
  ])('refuses %s, deleting nothing and removing no file', async (_label, viewer, expected) => {
    const deps = setup();
    const item = aMediaItem();
    deps.unitOfWork.store(item);
    const id = viewer === ALICE ? UNKNOWN : item.id;

    expect(await rejection(deps.commands.bind(deleteMedia).execute(as(viewer, { id })))).toMatchObject(expected);
    expect(deps.unitOfWork.tables.media.has(item.id)).toBe(true);
    expect(deps.unitOfWork.removedFiles).toEqual([]);
    expect(deps.unitOfWork.outbox).toEqual([]);
  });
});
