import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const mediaKindSchema = z.enum(['IMAGE', 'VIDEO']);

export const mediaItemReadyV1Schema = z.object({
  mediaId: uuid(),
  ownerId: uuid(),
  kind: mediaKindSchema,
  contentType: z.string(),
  byteSize: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  readyAt: z.iso.datetime(),
});
export const mediaItemFailedV1Schema = z.object({
  mediaId: uuid(),
  ownerId: uuid(),
  /** Why the upload was refused, e.g. `MEDIA.TYPE_MISMATCH`. */
  reason: z.string(),
  failedAt: z.iso.datetime(),
});
export const mediaItemDeletedV1Schema = z.object({
  mediaId: uuid(),
  ownerId: uuid(),
  deletedAt: z.iso.datetime(),
});
/** The whole state of a profile image slot, so a consumer applies it last-writer-wins per user and slot. */
export const mediaProfileImageChangedV1Schema = z.object({
  userId: uuid(),
  slot: z.enum(['AVATAR', 'BANNER']),
  /** null when the slot was cleared (the item was deleted). */
  mediaId: uuid().nullable(),
  changedAt: z.iso.datetime(),
});

export const MediaItemReadyV1: EventContract<'media.item.ready.v1', z.infer<typeof mediaItemReadyV1Schema>> = defineEvent({
  type: 'media.item.ready.v1',
  stream: STREAMS.MEDIA.name,
  description: 'An upload was checked, cleaned and stored; the item can be attached, shown and set as an avatar or banner.',
  schema: mediaItemReadyV1Schema,
});

export const MediaItemFailedV1: EventContract<'media.item.failed.v1', z.infer<typeof mediaItemFailedV1Schema>> = defineEvent({
  type: 'media.item.failed.v1',
  stream: STREAMS.MEDIA.name,
  description: 'An upload was refused after its bytes arrived (unsupported or mismatched type, too many pixels, truncated file).',
  schema: mediaItemFailedV1Schema,
});

export const MediaItemDeletedV1: EventContract<'media.item.deleted.v1', z.infer<typeof mediaItemDeletedV1Schema>> = defineEvent({
  type: 'media.item.deleted.v1',
  stream: STREAMS.MEDIA.name,
  description: 'A media item and its files were deleted (by its owner, or because the only post using it was deleted).',
  schema: mediaItemDeletedV1Schema,
});

export const MediaProfileImageChangedV1: EventContract<
  'media.profile-image.changed.v1',
  z.infer<typeof mediaProfileImageChangedV1Schema>
> = defineEvent({
  type: 'media.profile-image.changed.v1',
  stream: STREAMS.MEDIA.name,
  description: "A user's avatar or banner was set to a READY image of theirs, or cleared.",
  schema: mediaProfileImageChangedV1Schema,
});
