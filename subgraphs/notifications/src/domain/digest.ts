import type { EmailDigest } from './settings';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The digest period `at` falls in: the UTC day for DAILY, the ISO week (Monday 00:00 UTC to the
 * next Monday) for WEEKLY. A period is summed up at most once.
 */
export function digestPeriod(frequency: Exclude<EmailDigest, 'NEVER'>, at: Date): { start: Date; end: Date } {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (frequency === 'DAILY') return { start: new Date(day), end: new Date(day + DAY_MS) };
  // getUTCDay: Sunday 0 … Saturday 6; days since Monday: (d + 6) % 7.
  const start = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
}

/**
 * What a digest covers: the unseen notifications created since the previous digest of this
 * frequency was made, or — the first one — since the period started.
 */
export function digestWindowStart(periodStart: Date, previousDigestAt: Date | null): Date {
  return previousDigestAt ?? periodStart;
}
