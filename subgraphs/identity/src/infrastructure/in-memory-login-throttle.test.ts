import { describe, expect, it } from 'vitest';
import { InMemoryLoginThrottle } from './in-memory-login-throttle';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('InMemoryLoginThrottle', () => {
  it('blocks a login after maxFailures failures inside the window', () => {
    const throttle = new InMemoryLoginThrottle({ maxFailures: 3, windowMs: 1000, maxTrackedLogins: 10 });
    throttle.recordFailure('ana', at(0));
    throttle.recordFailure('ana', at(10));
    expect(throttle.isBlocked('ana', at(20))).toBe(false);
    throttle.recordFailure('ana', at(20));
    expect(throttle.isBlocked('ana', at(30))).toBe(true);
    expect(throttle.isBlocked('bob', at(30))).toBe(false);
  });

  it('forgets failures older than the window (sliding)', () => {
    const throttle = new InMemoryLoginThrottle({ maxFailures: 2, windowMs: 1000, maxTrackedLogins: 10 });
    throttle.recordFailure('ana', at(0));
    throttle.recordFailure('ana', at(500));
    expect(throttle.isBlocked('ana', at(999))).toBe(true);
    // the first failure left the window; one remains
    expect(throttle.isBlocked('ana', at(1000))).toBe(false);
    throttle.recordFailure('ana', at(1000));
    expect(throttle.isBlocked('ana', at(1001))).toBe(true);
    expect(throttle.isBlocked('ana', at(2000))).toBe(false);
    expect(throttle.size).toBe(0);
  });

  it('clears a login on reset (successful sign-in)', () => {
    const throttle = new InMemoryLoginThrottle({ maxFailures: 1, windowMs: 1000, maxTrackedLogins: 10 });
    throttle.recordFailure('ana', at(0));
    expect(throttle.isBlocked('ana', at(1))).toBe(true);
    throttle.reset('ana');
    expect(throttle.isBlocked('ana', at(2))).toBe(false);
  });

  it('tracks at most maxTrackedLogins, dropping the least recently failed', () => {
    const throttle = new InMemoryLoginThrottle({ maxFailures: 1, windowMs: 10_000, maxTrackedLogins: 2 });
    throttle.recordFailure('a', at(0));
    throttle.recordFailure('b', at(1));
    throttle.recordFailure('a', at(2)); // a is now the most recent
    throttle.recordFailure('c', at(3));
    expect(throttle.size).toBe(2);
    expect(throttle.isBlocked('b', at(4))).toBe(false);
    expect(throttle.isBlocked('a', at(4))).toBe(true);
    expect(throttle.isBlocked('c', at(4))).toBe(true);
  });
});
