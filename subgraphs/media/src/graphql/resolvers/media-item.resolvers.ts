import type { MediaItemResolvers } from '../__generated__/resolvers-types';

/** Owner-only fields answer null for anyone else. */
const ownerOnly = <T>(value: T, ownerId: string, viewerId: string | undefined): T | null => (viewerId === ownerId ? value : null);

/**
 * The MediaItem entity. References resolve through one batched, visibility-filtered lookup (null
 * for what the viewer may not see); every item that reaches these resolvers was read for this
 * viewer, so its URLs are signed without another check.
 */
export const MediaItem: MediaItemResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.itemById.load(reference.id),
  owner: (item) => ({ id: item.ownerId }),
  // UPLOADING is internal: the API shows PENDING until the upload is done.
  status: (item) => (item.status === 'UPLOADING' ? 'PENDING' : item.status),
  url: (item, _args, ctx) => ctx.files.original(item),
  thumbnailUrl: (item, _args, ctx) => ctx.files.thumbnail(item),
  failureReason: (item, _args, ctx) => ownerOnly(item.failureReason, item.ownerId, ctx.viewer?.userId),
  filename: (item, _args, ctx) => ownerOnly(item.filename, item.ownerId, ctx.viewer?.userId),
};
