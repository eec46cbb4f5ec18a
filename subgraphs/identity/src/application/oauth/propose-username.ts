import { usernameSchema, type Username } from '../../domain/account/username';

const MIN = 3;
const MAX = 30;

/**
 * A provider's login, name or email local part as an Agora handle (`[a-z0-9_]{3,30}`): accents
 * dropped (`José` → `jose`), lowercased, every other run of characters one underscore, trimmed
 * of underscores, cut to 30. Null when nothing usable is left (e.g. a name in another script).
 */
export function normaliseUsername(raw: string): Username | null {
  const ascii = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX)
    .replace(/_+$/g, '');
  if (ascii.length === 0) return null;
  const padded = ascii.length < MIN ? `${ascii}${'_'.repeat(MIN - ascii.length)}` : ascii;
  const parsed = usernameSchema.safeParse(padded);
  return parsed.success ? parsed.data : null;
}

/** The first usable base from the hints, else `user`. */
export function usernameBase(hints: readonly string[]): Username {
  for (const hint of hints) {
    const base = normaliseUsername(hint);
    if (base) return base;
  }
  return usernameSchema.parse('user');
}

/**
 * Candidates in order of preference: the base itself, then the base with 2, 3, … 9, then
 * `attempt`-seeded random four-digit suffixes (so a retry after a clash tries fresh ones). The
 * base is cut so base + suffix still fits 30 characters.
 */
export function usernameCandidates(base: Username, attempt: number, random: () => number = Math.random): Username[] {
  const withSuffix = (suffix: string) => usernameSchema.parse(`${base.slice(0, MAX - suffix.length)}${suffix}`);
  const candidates = attempt === 0 ? [base, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => withSuffix(String(n)))] : [];
  for (let i = 0; i < 8; i += 1) candidates.push(withSuffix(String(1000 + Math.floor(random() * 9000))));
  return [...new Set(candidates)];
}
