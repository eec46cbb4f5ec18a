import { requireUserText } from '@agora/kernel';
import { CommentError } from './comment.errors';

export const MAX_COMMENT_LENGTH = 2000;

/**
 * A comment's text: trimmed, 1–2000 characters counted as Unicode code points (an emoji is one
 * character, as users count), never only whitespace.
 */
export function commentBody(raw: string): string {
  // No control, bidi-override or invisible-only text (COMMENTS.CONTROL_CHARACTER, …); NFC.
  const body = requireUserText(raw, { context: 'comments', field: 'body', multiline: true }).trim();
  if (body.length === 0) throw CommentError.bodyEmpty();
  if ([...body].length > MAX_COMMENT_LENGTH) throw CommentError.bodyTooLong(MAX_COMMENT_LENGTH);
  return body;
}
