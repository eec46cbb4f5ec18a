import { mutation } from '@agora/context-runtime';
import { addToAlbum } from '../../application/add-to-album/add-to-album.command';
import { createAlbum } from '../../application/create-album/create-album.command';
import { createUpload } from '../../application/create-upload/create-upload.command';
import { deleteAlbum } from '../../application/delete-album/delete-album.command';
import { deleteMedia } from '../../application/delete-media/delete-media.command';
import { removeFromAlbum } from '../../application/remove-from-album/remove-from-album.command';
import { setAvatar } from '../../application/set-avatar/set-avatar.command';
import { setBanner } from '../../application/set-banner/set-banner.command';
import { setMediaCaption } from '../../application/set-media-caption/set-media-caption.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  createUpload: mutation(createUpload),
  setMediaCaption: mutation(setMediaCaption),
  deleteMedia: mutation(deleteMedia),
  createAlbum: mutation(createAlbum),
  addToAlbum: mutation(addToAlbum),
  removeFromAlbum: mutation(removeFromAlbum),
  deleteAlbum: mutation(deleteAlbum),
  setAvatar: mutation(setAvatar),
  setBanner: mutation(setBanner),
};
