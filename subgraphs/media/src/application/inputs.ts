import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { MAX_ALBUM_TITLE_LENGTH } from '../domain/album/album';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees.
 */
const id = uuidInput('Must be a valid id');

export const createUploadInputSchema = z.object({
  kind: z.enum(['IMAGE', 'VIDEO'], { message: 'Must be IMAGE or VIDEO' }),
  contentType: z.string({ message: 'Must be a string' }).min(1, 'Must not be empty').max(255, 'Too long'),
  byteSize: z.number({ message: 'Must be a number' }).int('Must be a whole number').positive('Must be at least 1 byte'),
  filename: z.string({ message: 'Must be a string' }).nullish(),
});
export const setMediaCaptionInputSchema = z.object({
  id,
  caption: z.string({ message: 'Must be a string' }).nullish(),
});
export const mediaRefInputSchema = z.object({ id });
export const createAlbumInputSchema = z.object({
  title: z
    .string({ message: 'Must be a string' })
    .trim()
    .min(1, 'Must not be empty')
    .max(MAX_ALBUM_TITLE_LENGTH, `At most ${MAX_ALBUM_TITLE_LENGTH} characters`),
  visibility: z.enum(['PUBLIC', 'FOLLOWERS', 'CIRCLE'], { message: 'Must be PUBLIC or FOLLOWERS' }).nullish(),
});
export const albumItemInputSchema = z.object({ albumId: id, mediaId: id });
export const albumRefInputSchema = z.object({ albumId: id });
