import { z } from 'zod';

/**
 * An email address as identity stores it: trimmed and lowercased, so `Ana@Example.com` and
 * `ana@example.com` are the same account. 254 is the longest address SMTP can deliver (RFC 5321).
 */
export const EMAIL_MAX_LENGTH = 254;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH, `Email must be at most ${EMAIL_MAX_LENGTH} characters.`)
  .pipe(z.email('Enter a valid email address, e.g. ana@example.com.'))
  .brand<'Email'>();

export type Email = z.infer<typeof emailSchema>;
