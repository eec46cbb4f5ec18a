import { z } from 'zod';

/**
 * OWASP ASVS / NIST 800-63B: at least 8 characters, allow long passphrases, no composition rules.
 * The 128 cap bounds the work argon2 does per request.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_RULE = `Password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, PASSWORD_RULE)
  .max(PASSWORD_MAX_LENGTH, PASSWORD_RULE)
  .brand<'NewPassword'>();

export type NewPassword = z.infer<typeof newPasswordSchema>;
