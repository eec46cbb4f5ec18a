import { normalizeUserText, refineUserText } from '@agora/kernel';
import { z } from 'zod';

/**
 * Value objects of a profile. Each is a branded string: the only way to get one is through its
 * schema, so the aggregate can trust what it is given. Lengths count Unicode code points, not
 * UTF-16 units, so an emoji costs one character like any other letter.
 */
export const DISPLAY_NAME_MAX = 50;
export const BIO_MAX = 500;
export const AVATAR_URL_MAX = 2048;

const length = (value: string): number => [...value].length;

/**
 * 1–50 characters once surrounding whitespace is trimmed. Display name and bio follow the shared
 * user-text rule first (@agora/kernel user-text: no control, bidi-override or invisible-only text; NFC).
 */
export const displayNameSchema = z
  .string()
  .overwrite((value) => normalizeUserText(value))
  .trim()
  .superRefine(refineUserText())
  .refine((value) => length(value) >= 1, { message: 'Display name must not be empty' })
  .refine((value) => length(value) <= DISPLAY_NAME_MAX, {
    message: `Display name must be at most ${DISPLAY_NAME_MAX} characters`,
  })
  .brand<'DisplayName'>();
export type DisplayName = z.infer<typeof displayNameSchema>;

/**
 * At most 500 characters once trimmed. A bio that is empty after trimming means "no bio": it
 * becomes null, the same as clearing it explicitly.
 */
export const bioSchema = z
  .string()
  .overwrite((value) => normalizeUserText(value, { multiline: true }))
  .trim()
  .superRefine(refineUserText({ multiline: true }))
  .refine((value) => length(value) <= BIO_MAX, { message: `Bio must be at most ${BIO_MAX} characters` })
  .brand<'Bio'>()
  .transform((value): Bio | null => (value === '' ? null : value));
export type Bio = string & z.$brand<'Bio'>;

/** An absolute http(s) URL of at most 2048 characters (other schemes, e.g. `javascript:`, are refused). */
export const avatarUrlSchema = z
  .string()
  .trim()
  .superRefine(refineUserText())
  .max(AVATAR_URL_MAX, { message: `Avatar URL must be at most ${AVATAR_URL_MAX} characters` })
  .pipe(z.url({ protocol: /^https?$/, message: 'Avatar URL must be an http: or https: URL' }))
  .brand<'AvatarUrl'>();
export type AvatarUrl = z.infer<typeof avatarUrlSchema>;
