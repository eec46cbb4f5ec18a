import { describe, expect, it } from 'vitest';
import { addToAlbum } from '../add-to-album/add-to-album.command';
import { attachMediaOnPostPublished } from '../attach-media-on-post-published/attach-media-on-post-published.handler';
import { createAlbum } from '../create-album/create-album.command';
import { setAvatar } from '../set-avatar/set-avatar.command';
import { ALICE, POST_1, POST_2, T1, aMediaItem, as, setup } from '../testing/handlers.mother';
import { detachMediaOnPostDeleted } from './detach-media-on-post-deleted.handler';

const deletedEvent = (postId = POST_1) => ({
  id: '01935f0e-7a3c-7000-8000-00000000e002',
  payload: { postId, authorId: ALICE, deletedAt: T1.toISOString() },
});
const publishedEvent = (postId: string, attachmentIds: string[], n: number) => ({
  id: `01935f0e-7a3c-7000-8000-00000000f00${n}`,
  payload: { postId, authorId: ALICE, body: 'hi', visibility: 'PUBLIC', circleIds: [], attachmentIds, publishedAt: T1.toISOString() },
});

describe('DetachMediaOnPostDeleted', () => {
  it('detaches the post and deletes only the items used nowhere else (album, other post, avatar keep theirs)', async () => {
    const deps = setup();
    const [onlyHere, inAlbum, inOtherPost, avatar] = [aMediaItem(), aMediaItem(), aMediaItem(), aMediaItem()];
    for (const item of [onlyHere!, inAlbum!, inOtherPost!, avatar!]) deps.unitOfWork.store(item);
    const attach = deps.consumer(attachMediaOnPostPublished, 'media--attach');
    await attach.deliver(publishedEvent(POST_1, [onlyHere!.id, inAlbum!.id, inOtherPost!.id, avatar!.id], 1));
    await attach.deliver(publishedEvent(POST_2, [inOtherPost!.id], 2));
    const album = await deps.commands.bind(createAlbum).execute(as(ALICE, { title: 'Kept' }));
    await deps.commands.bind(addToAlbum).execute(as(ALICE, { albumId: album.id, mediaId: inAlbum!.id }));
    await deps.commands.bind(setAvatar).execute(as(ALICE, { id: avatar!.id }));
    deps.unitOfWork.outbox.length = 0;

    expect(await deps.consumer(detachMediaOnPostDeleted, 'media--detach').deliver(deletedEvent())).toBe(true);

    expect(deps.unitOfWork.attachmentIds(POST_1)).toEqual([]);
    expect(deps.unitOfWork.attachmentIds(POST_2)).toEqual([inOtherPost!.id]);
    expect([...deps.unitOfWork.tables.media.keys()].sort()).toEqual([inAlbum!.id, inOtherPost!.id, avatar!.id].sort());
    expect(deps.unitOfWork.outbox).toEqual([
      {
        event: { type: 'MediaItemDeleted', mediaId: onlyHere!.id, ownerId: ALICE, at: T1 },
        metadata: {
          correlationId: '01935f0e-7a3c-7000-8000-00000000e002',
          causationId: '01935f0e-7a3c-7000-8000-00000000e002',
          actorId: null,
        },
      },
    ]);
    expect(deps.unitOfWork.removedFiles).toEqual([`${onlyHere!.id}/raw`, `${onlyHere!.id}/original`, `${onlyHere!.id}/thumbnail`]);
  });

  it('runs once per event and records the deletion, so a late publication attaches nothing', async () => {
    const deps = setup();
    const item = aMediaItem();
    deps.unitOfWork.store(item);
    const detach = deps.consumer(detachMediaOnPostDeleted, 'media--detach');

    expect(await detach.deliver(deletedEvent())).toBe(true);
    expect(await detach.deliver(deletedEvent())).toBe(false);
    await deps.consumer(attachMediaOnPostPublished, 'media--attach').deliver(publishedEvent(POST_1, [item.id], 3));

    expect(deps.unitOfWork.tables.attachments).toEqual([]);
    expect(deps.unitOfWork.tables.media.has(item.id)).toBe(true);
  });
});
