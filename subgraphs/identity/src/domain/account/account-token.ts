/**
 * Single-use tokens mailed in links: random 32 bytes (base64url), stored only as a SHA-256 digest,
 * valid for a fixed time, consumed once. Issuing a new one of a purpose retires the older ones.
 */
export const VERIFY_EMAIL_TTL_SECONDS = 24 * 60 * 60;
export const RESET_PASSWORD_TTL_SECONDS = 60 * 60;

export type TokenVerdict = 'usable' | 'used' | 'expired';

/** Whether a stored token may still be used at `now` (unknown tokens never reach this). */
export function judgeAccountToken(token: { expiresAt: Date; usedAt: Date | null }, now: Date): TokenVerdict {
  if (token.usedAt !== null) return 'used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

export const expiryAfter = (now: Date, seconds: number): Date => new Date(now.getTime() + seconds * 1000);
