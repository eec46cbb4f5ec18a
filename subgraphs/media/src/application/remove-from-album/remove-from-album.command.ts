import { defineCommand } from '@agora/context-runtime';
import { albumOwnedBy } from '../../domain/album/album';
import { MediaError } from '../../domain/media.errors';
import { albumItemInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { AlbumView } from '../views';

/** `removeFromAlbum`: takes an item out of one of the viewer's albums (the item itself stays). */
export const removeFromAlbum = defineCommand({
  name: 'removeFromAlbum',
  input: albumItemInputSchema,
  viewer: 'required',
  async handle({ input, actor }, { albums }: TransactionScope): Promise<AlbumView> {
    const album = albumOwnedBy(await albums.findForUpdate(input.albumId), actor.id);
    if (!(await albums.remove(album.id, input.mediaId))) throw MediaError.notInAlbum();
    return album.coverId === input.mediaId ? { ...album, coverId: null } : album;
  },
});
