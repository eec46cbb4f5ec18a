import { defineCommand } from '@agora/context-runtime';
import { albumVisibility } from '../../domain/album/album';
import { createAlbumInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { AlbumView } from '../views';

/** `createAlbum`: an empty album of the viewer's (PUBLIC unless FOLLOWERS is asked for; CIRCLE is refused). */
export const createAlbum = defineCommand({
  name: 'createAlbum',
  input: createAlbumInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids }, { albums }: TransactionScope): Promise<AlbumView> {
    const album: AlbumView = {
      id: ids.newId(),
      ownerId: actor.id,
      title: input.title,
      visibility: albumVisibility(input.visibility ?? 'PUBLIC'),
      coverId: null,
      createdAt: now,
    };
    await albums.insert(album);
    return album;
  },
});
