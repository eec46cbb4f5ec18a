import { MediaError } from '../media.errors';

/** Who may see an album; CIRCLE (posts' third visibility) is not offered for albums. */
export type AlbumVisibility = 'PUBLIC' | 'FOLLOWERS';

export interface AlbumState {
  id: string;
  ownerId: string;
  title: string;
  visibility: AlbumVisibility;
  /** An explicit cover; null = the first item. */
  coverId: string | null;
  createdAt: Date;
}

export const MAX_ALBUM_ITEMS = 1000;
export const MAX_ALBUM_TITLE_LENGTH = 100;

/** The visibility an album may have (MEDIA.ALBUM_VISIBILITY_UNSUPPORTED for CIRCLE). */
export function albumVisibility(visibility: string): AlbumVisibility {
  if (visibility === 'PUBLIC' || visibility === 'FOLLOWERS') return visibility;
  throw MediaError.albumVisibilityUnsupported();
}

/** The album, checked to be the actor's (MEDIA.ALBUM_NOT_FOUND, MEDIA.NOT_ALBUM_OWNER). */
export function albumOwnedBy(album: AlbumState | null, actorId: string): AlbumState {
  if (!album) throw MediaError.albumNotFound();
  if (album.ownerId !== actorId) throw MediaError.notAlbumOwner();
  return album;
}

/** Whether one more item fits (MEDIA.ALBUM_FULL) and is not there yet (MEDIA.ALREADY_IN_ALBUM). */
export function checkAddition(state: { itemCount: number; contains: boolean }): void {
  if (state.contains) throw MediaError.alreadyInAlbum();
  if (state.itemCount >= MAX_ALBUM_ITEMS) throw MediaError.albumFull(MAX_ALBUM_ITEMS);
}
