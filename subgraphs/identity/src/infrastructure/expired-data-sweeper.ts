import { periodicTask, type Clock, type PeriodicTask } from '@agora/context-runtime';
import type { Logger } from '@agora/service-kit';
import type { PrismaClient } from './prisma-client';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Deletes what identity keeps only for a while, by the context's clock: rate-limit counters whose
 * window ended over an hour ago (rate-limiter-flexible's own timer is off), OAuth states expired
 * over an hour ago, mailed tokens expired or used over a day ago, and password-reset requests
 * handled over an hour ago (they hold the email as typed). Returns how many rows went.
 */
export async function sweepExpiredIdentityData(prisma: PrismaClient, now: Date): Promise<number> {
  const hourAgo = new Date(now.getTime() - HOUR);
  const dayAgo = new Date(now.getTime() - DAY);
  const counts = await Promise.all([
    prisma.rateLimit.deleteMany({ where: { expire: { lt: hourAgo } } }),
    prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: hourAgo } } }),
    prisma.accountToken.deleteMany({ where: { OR: [{ expiresAt: { lt: dayAgo } }, { usedAt: { lt: dayAgo } }] } }),
    prisma.passwordResetRequest.deleteMany({ where: { handledAt: { lt: hourAgo } } }),
  ]);
  return counts.reduce((sum, { count }) => sum + count, 0);
}

/** The background task: a sweep at start and every `intervalMs` (default 5 minutes). */
export function expiredDataSweeper(
  prisma: PrismaClient,
  clock: Clock,
  logger: Pick<Logger, 'info' | 'warn'>,
  intervalMs = 5 * 60_000,
): PeriodicTask {
  return periodicTask({
    didSomething: 'expired rate limits, tokens and requests deleted',
    failed: 'sweeping expired identity data failed; retried at the next interval',
    intervalMs,
    logger,
    round: () => sweepExpiredIdentityData(prisma, clock.now()),
  });
}
