import { requireUserText } from '@agora/kernel';
import { ModerationError } from './moderation.errors';

/** Notes and reasons: at most 500 characters (Unicode code points). */
export const MAX_NOTE_LENGTH = 500;

/**
 * A moderator's or reporter's free text, by the kernel's user-text rule (no control, bidi-override
 * or invisible-only text; NFC), trimmed; empty or absent → null; longer than 500 code points →
 * BAD_USER_INPUT MODERATION.TEXT_TOO_LONG.
 */
export function optionalNote(raw: string | null | undefined, field = 'note'): string | null {
  if (raw === null || raw === undefined) return null;
  const text = requireUserText(raw, { context: 'moderation', field, multiline: true }).trim();
  if (text.length === 0) return null;
  if ([...text].length > MAX_NOTE_LENGTH) throw ModerationError.textTooLong(field, MAX_NOTE_LENGTH);
  return text;
}

/** The same rule for a text that must be given (a suspension's reason). */
export function requiredNote(raw: string, field: string): string {
  const text = optionalNote(raw, field);
  if (text === null) throw ModerationError.textRequired(field);
  return text;
}
