import { requireUserText } from '@agora/kernel';
import { z } from 'zod';
import { PostErrors } from './post.errors';

export const POST_BODY_MAX_LENGTH = 5000;

/**
 * Length is counted in Unicode code points, not UTF-16 units, so an emoji counts as one
 * character the way a person counts it. The body is stored as written (no trimming): leading
 * spaces and line breaks can be deliberate formatting; only an all-blank body is refused.
 */
const postBodySchema = z
  .string()
  .refine((body) => body.trim().length > 0, { message: 'The post body cannot be empty or only whitespace.' })
  .refine((body) => [...body].length <= POST_BODY_MAX_LENGTH, {
    message: `The post body can be at most ${POST_BODY_MAX_LENGTH} characters.`,
  });

/** Returns the body when valid; throws BAD_USER_INPUT (field `body`) otherwise. */
export function parsePostBody(raw: string): string {
  // No control, bidi-override or invisible-only text (POSTS.CONTROL_CHARACTER, …); NFC.
  const body = requireUserText(raw, { context: 'posts', field: 'body', multiline: true });
  const result = postBodySchema.safeParse(body);
  if (!result.success) {
    throw PostErrors.invalid('POSTS.INVALID_BODY', 'body', result.error.issues[0]?.message ?? 'Invalid post body.');
  }
  return result.data;
}
