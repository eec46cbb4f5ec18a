import { uuidInput } from '@agora/context-runtime';
import { normalizeUserText, refineUserText } from '@agora/kernel';
import { z } from 'zod';
import { MAX_ALBUM_TITLE_LENGTH } from '../domain/album/album';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees.
 */
const id = uuidInput('Must be a valid id');
/** Text a person typed: the shared user-text rule (no control, bidi-override or invisible-only text; NFC). */
const userText = (options: { multiline?: boolean } = {}) =>
  z
    .string({ message: 'Must be a string' })
    .overwrite((value) => normalizeUserText(value, options))
    .trim()
    .superRefine(refineUserText(options));

export const createUploadInputSchema = z.object({
  kind: z.enum(['IMAGE', 'VIDEO'], { message: 'Must be IMAGE or VIDEO' }),
  contentType: userText().min(1, 'Must not be empty').max(255, 'Too long'),
  byteSize: z.number({ message: 'Must be a number' }).int('Must be a whole number').positive('Must be at least 1 byte'),
  /** Sanitised, not refused (the domain's sanitizeFilename strips controls and bidi overrides an OS may put in a name); NFC here. */
  filename: z
    .string({ message: 'Must be a string' })
    .overwrite((value) => normalizeUserText(value))
    .nullish(),
});
export const setMediaCaptionInputSchema = z.object({
  id,
  caption: userText({ multiline: true }).nullish(),
});
export const mediaRefInputSchema = z.object({ id });
export const createAlbumInputSchema = z.object({
  title: userText().min(1, 'Must not be empty').max(MAX_ALBUM_TITLE_LENGTH, `At most ${MAX_ALBUM_TITLE_LENGTH} characters`),
  visibility: z.enum(['PUBLIC', 'FOLLOWERS', 'CIRCLE'], { message: 'Must be PUBLIC or FOLLOWERS' }).nullish(),
});
export const albumItemInputSchema = z.object({ albumId: id, mediaId: id });
export const albumRefInputSchema = z.object({ albumId: id });
