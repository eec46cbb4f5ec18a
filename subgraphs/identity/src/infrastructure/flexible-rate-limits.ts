import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { IdentityErrors } from '../application/identity.errors';
import {
  RATE_LIMIT_NAMES,
  type RateLimitName,
  type RateLimitPolicy,
  type RateLimitRule,
  type RateLimits,
} from '../application/rate-limits';
import type { PrismaClient } from './prisma-client';

type LimiterFactory = (name: RateLimitName, rule: RateLimitRule) => RateLimiterAbstract;

/**
 * RateLimits over rate-limiter-flexible: one limiter per limit, keys prefixed with the limit's
 * name (`loginAccountIp:<account>:<ip>`). `prisma` stores the counters in identity's
 * `rate_limit` table, shared by every instance on the database; `memory` (use-case tests) keeps
 * them in this process.
 */
export class FlexibleRateLimits implements RateLimits {
  private readonly limiters: Record<RateLimitName, RateLimiterAbstract>;

  private constructor(policy: RateLimitPolicy, factory: LimiterFactory) {
    this.limiters = Object.fromEntries(RATE_LIMIT_NAMES.map((name) => [name, factory(name, policy[name])])) as Record<
      RateLimitName,
      RateLimiterAbstract
    >;
  }

  /**
   * Counters in the `rate_limit` table. RateLimiterPrisma increments with one upsert
   * (`INSERT … ON CONFLICT DO UPDATE SET points = points + n`), so concurrent consumes on any
   * instance all count (test/rate-limits.test.ts proves it on PGlite and Postgres). Expired rows
   * are swept by `expiredDataSweeper` (identity's background), not by the library's own timer.
   */
  static prisma(prisma: PrismaClient, policy: RateLimitPolicy): FlexibleRateLimits {
    return new FlexibleRateLimits(
      policy,
      (name, rule) =>
        new RateLimiterPrisma({
          storeClient: prisma,
          tableName: 'rateLimit',
          keyPrefix: name,
          clearExpiredByTimeout: false,
          ...options(rule),
        }),
    );
  }

  static memory(policy: RateLimitPolicy): FlexibleRateLimits {
    return new FlexibleRateLimits(policy, (name, rule) => new RateLimiterMemory({ keyPrefix: name, ...options(rule) }));
  }

  async consume(limit: RateLimitName, key: string): Promise<void> {
    try {
      await this.limiters[limit].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw IdentityErrors.rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }

  async refund(limit: RateLimitName, key: string): Promise<void> {
    await this.limiters[limit].reward(key);
  }

  async reset(limit: RateLimitName, key: string): Promise<void> {
    await this.limiters[limit].delete(key);
  }
}

function options(rule: RateLimitRule) {
  return { points: rule.points, duration: rule.durationSeconds, blockDuration: rule.blockSeconds };
}
