import type { LoginThrottle } from '../application/ports';

export interface ThrottlePolicy {
  /** Failures allowed inside the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
  /** Bound on memory: the least recently failed logins are forgotten beyond this. */
  maxTrackedLogins: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 15 * 60 * 1000,
  maxTrackedLogins: 100_000,
};

/**
 * Sliding-window count of failed sign-ins per normalised login, kept IN MEMORY of this process:
 * with N instances behind a load balancer an attacker gets up to N × maxFailures tries per
 * window. Good enough to stop naive guessing; a shared store (Redis/Postgres) is the upgrade
 * path when identity scales out.
 */
export class InMemoryLoginThrottle implements LoginThrottle {
  /** login → timestamps of its most recent failures (at most maxFailures). Map order = recency. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {}

  isBlocked(key: string, now: Date): boolean {
    return this.recent(key, now.getTime()).length >= this.policy.maxFailures;
  }

  recordFailure(key: string, now: Date): void {
    const at = now.getTime();
    const times = [...this.recent(key, at), at].slice(-this.policy.maxFailures);
    this.failures.delete(key);
    this.failures.set(key, times);
    if (this.failures.size > this.policy.maxTrackedLogins) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Number of logins currently tracked (tests, metrics). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, at: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const recent = times.filter((t) => at - t < this.policy.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }
}
