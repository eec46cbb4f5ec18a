import type { AlbumState } from '../domain/album/album';
import type { MediaItemState } from '../domain/media-item/media-item';

/** A media item as the graph shows it (the stored state; visibility was checked where it was read). */
export type MediaItemView = MediaItemState;
export type AlbumView = AlbumState;

/** A reference to another context's entity: the gateway resolves the rest. */
export interface UserRef {
  id: string;
}
export interface PostRef {
  id: string;
}

/** createUpload's answer. */
export interface UploadTicketView {
  item: MediaItemView;
  uploadUrl: string;
  method: string;
  headers: { name: string; value: string }[];
  expiresAt: Date;
}
