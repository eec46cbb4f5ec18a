import { z } from 'zod';

/** One message for every way a username can break the rule, so the client can show the rule itself. */
export const USERNAME_RULE = 'Username must be 3–30 characters, using only lowercase letters a–z, digits 0–9 and underscores.';

const USERNAME_PATTERN = /^[a-z0-9_]{3,30}$/;

/**
 * A handle: 3–30 chars of `[a-z0-9_]`. Deliberately not lowercased for the user: `Ana` is
 * rejected with the rule rather than silently becoming `ana`, so what people type is what they get.
 */
export const usernameSchema = z.string().trim().regex(USERNAME_PATTERN, USERNAME_RULE).brand<'Username'>();

export type Username = z.infer<typeof usernameSchema>;

/** Lookups are forgiving: any casing finds the (lowercase) handle. */
export function normaliseUsernameForLookup(raw: string): string {
  return raw.trim().toLowerCase();
}
