import { defineCommand } from '@agora/context-runtime';
import { albumOwnedBy, checkAddition } from '../../domain/album/album';
import { usableBy } from '../../domain/media-item/media-item';
import { albumItemInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { AlbumView } from '../views';

/**
 * `addToAlbum`: appends one of the viewer's READY items to one of their albums (each item once,
 * at most 1000). The album row is locked, so concurrent additions cannot exceed the limit.
 */
export const addToAlbum = defineCommand({
  name: 'addToAlbum',
  input: albumItemInputSchema,
  viewer: 'required',
  async handle({ input, actor, now }, { albums, media }: TransactionScope): Promise<AlbumView> {
    const album = albumOwnedBy(await albums.findForUpdate(input.albumId), actor.id);
    const item = usableBy(await media.findForUpdate(input.mediaId), actor.id, 'mediaId');
    checkAddition({ itemCount: await albums.itemCount(album.id), contains: await albums.contains(album.id, item.id) });
    await albums.append(album.id, item.id, now);
    return album;
  },
});
