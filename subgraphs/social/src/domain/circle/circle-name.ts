import { normalizeUserText, refineUserText } from '@agora/kernel';
import { z } from 'zod';

export const CIRCLE_NAME_MAX = 50;

const length = (value: string): number => [...value].length;

/**
 * A circle's name: 1–50 characters (Unicode code points, so an emoji counts as one) once
 * surrounding whitespace is trimmed, after the shared user-text rule (no control, bidi-override
 * or invisible-only text; NFC). Branded: the aggregate only accepts names that passed here.
 */
export const circleNameSchema = z
  .string()
  .overwrite((value) => normalizeUserText(value))
  .trim()
  .superRefine(refineUserText())
  .refine((value) => length(value) >= 1, { message: 'Name must not be empty' })
  .refine((value) => length(value) <= CIRCLE_NAME_MAX, { message: `Name must be at most ${CIRCLE_NAME_MAX} characters` })
  .brand<'CircleName'>();
export type CircleName = z.infer<typeof circleNameSchema>;

/**
 * What uniqueness compares: names are unique per owner ignoring case ("Friends" and "friends"
 * would be indistinguishable in a picker). Lower-cased after Unicode normalisation (NFC), so the
 * same letters typed differently are the same name too.
 */
export const circleNameKey = (name: string): string => name.normalize('NFC').toLowerCase();
