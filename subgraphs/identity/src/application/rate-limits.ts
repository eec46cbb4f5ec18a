/**
 * Rate limits: fixed-window counters shared by every identity instance (infrastructure keeps them
 * in identity's database), so a limit holds however many instances run. Each limit counts per
 * key: an IP (`clientKey`), an account id, an email, or a combination. Refusals are
 * DomainErrors with code RATE_LIMITED and `retryAfter` (whole seconds, rounded up).
 */

/** Every limit identity enforces (the names are also the env override suffixes, see config.ts). */
export const RATE_LIMIT_NAMES = [
  /** Sign-in attempts per (account, IP); a successful sign-in clears it; blocks after the limit. */
  'loginAccountIp',
  /** Sign-in attempts per account (the slow ceiling a distributed attacker reaches). */
  'loginAccount',
  /** Sign-in attempts per IP (failures: a success gives its point back). */
  'loginIp',
  /** Registrations per IP. */
  'register',
  /** Password-reset requests per IP. */
  'passwordResetIp',
  /** Password-reset requests per email. */
  'passwordResetEmail',
  /** Verification mails per account. */
  'resendVerificationAccount',
  /** Verification mails per IP. */
  'resendVerificationIp',
  /** External sign-ins started per IP. */
  'oauthStart',
] as const;

export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export interface RateLimitRule {
  /** Attempts allowed per window; the next one is refused. */
  points: number;
  /** Window length in seconds (fixed window, starting at the first attempt). */
  durationSeconds: number;
  /** Once refused, the key stays refused this long (0 = until the window ends). */
  blockSeconds: number;
}

export type RateLimitPolicy = Record<RateLimitName, RateLimitRule>;

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** The production defaults (README "Rate limits"); env overrides replace single rules. */
export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  loginAccountIp: { points: 10, durationSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  loginAccount: { points: 100, durationSeconds: 24 * HOUR, blockSeconds: 0 },
  loginIp: { points: 100, durationSeconds: HOUR, blockSeconds: 0 },
  register: { points: 10, durationSeconds: HOUR, blockSeconds: 0 },
  passwordResetIp: { points: 10, durationSeconds: HOUR, blockSeconds: 0 },
  passwordResetEmail: { points: 3, durationSeconds: HOUR, blockSeconds: 0 },
  resendVerificationAccount: { points: 3, durationSeconds: HOUR, blockSeconds: 0 },
  resendVerificationIp: { points: 10, durationSeconds: HOUR, blockSeconds: 0 },
  oauthStart: { points: 30, durationSeconds: 10 * MINUTE, blockSeconds: 0 },
};

export interface RateLimits {
  /**
   * Counts one attempt under `limit` for `key`. Throws DomainError RATE_LIMITED
   * (IDENTITY.RATE_LIMITED) with `retryAfter` when the attempt is over the limit.
   */
  consume(limit: RateLimitName, key: string): Promise<void>;
  /** Gives one consumed point back (an attempt that turned out not to count, e.g. a successful sign-in). */
  refund(limit: RateLimitName, key: string): Promise<void>;
  /** Forgets the key's count (and block). */
  reset(limit: RateLimitName, key: string): Promise<void>;
}

/** The key of "this client" for per-IP limits; requests without a known address share one. */
export function clientKey(clientIp: string | null | undefined): string {
  return clientIp && clientIp.length > 0 ? clientIp : 'unknown';
}

/** Limits switched off (`AGORA_RATE_LIMITS=off`: local benchmarks; refused in production). */
export const NO_RATE_LIMITS: RateLimits = {
  consume: async () => {},
  refund: async () => {},
  reset: async () => {},
};
