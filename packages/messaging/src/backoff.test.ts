import { describe, expect, it } from 'vitest';
import { exponentialBackoff, InterruptibleDelay, scheduledDelay } from './backoff';

describe('exponentialBackoff', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((attempt) => exponentialBackoff(attempt, 250, 5_000))).toEqual([
      250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
  });
});

describe('scheduledDelay', () => {
  it('uses the entry for the attempt and repeats the last one', () => {
    const schedule = [1_000, 5_000, 30_000];
    expect([1, 2, 3, 4, 9].map((attempt) => scheduledDelay(schedule, attempt))).toEqual([1_000, 5_000, 30_000, 30_000, 30_000]);
    expect(scheduledDelay([], 3)).toBe(0);
  });
});

describe('InterruptibleDelay', () => {
  it('resolves early when interrupted', async () => {
    const delay = new InterruptibleDelay();
    const started = Date.now();
    const waiting = delay.wait(60_000);
    delay.interrupt();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
