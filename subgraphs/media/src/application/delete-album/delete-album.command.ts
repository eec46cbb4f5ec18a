import { defineCommand } from '@agora/context-runtime';
import { albumOwnedBy } from '../../domain/album/album';
import { albumRefInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/** `deleteAlbum`: deletes one of the viewer's albums; its items stay. */
export const deleteAlbum = defineCommand({
  name: 'deleteAlbum',
  input: albumRefInputSchema,
  viewer: 'required',
  async handle({ input, actor }, { albums }: TransactionScope): Promise<boolean> {
    const album = albumOwnedBy(await albums.findForUpdate(input.albumId), actor.id);
    await albums.delete(album.id);
    return true;
  },
});
