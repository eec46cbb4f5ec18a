import { describe, expect, it } from 'vitest';
import { createSupervisor } from './supervisor';

function fakeClock() {
  let time = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => time,
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: time + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => void timers.splice(timers.indexOf(timer as never), 1),
    pending: () => timers.map((timer) => timer.at - time),
    /** Advances to the next timer and runs it. */
    async next() {
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift()!;
      time = timer.at;
      timer.run();
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms: number) => (time += ms),
  };
}

describe('supervisor', () => {
  it('restarts a crashed service with doubling backoff, capped, reset after a healthy run', async () => {
    const clock = fakeClock();
    const restarts: string[] = [];
    const lines: string[] = [];
    let failNext = 0;
    const supervisor = createSupervisor({
      ...clock,
      log: (line) => lines.push(line),
      restart: async (service) => {
        restarts.push(service);
        if (failNext > 0) {
          failNext -= 1;
          throw new Error('posts exited before it was ready');
        }
      },
      healthyAfterMs: 60_000,
    });

    supervisor.exited('posts', 'posts was killed by SIGKILL');
    expect(clock.pending()).toEqual([1_000]);
    failNext = 6;
    for (const expected of [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      await clock.next();
      expect(clock.pending()).toEqual([expected]);
    }
    await clock.next(); // succeeds
    expect(restarts).toHaveLength(7);
    expect(clock.pending()).toEqual([]);
    expect(lines.at(-1)).toBe('devstack: posts restarted and ready');

    // Crashes soon after: the backoff goes on from where it was.
    clock.advance(5_000);
    supervisor.exited('posts', 'posts exited with code 1');
    expect(clock.pending()).toEqual([30_000]);
    await clock.next();
    // Stayed up a while: starts over at 1 s.
    clock.advance(61_000);
    supervisor.exited('posts', 'posts exited with code 1');
    expect(clock.pending()).toEqual([1_000]);
    expect(lines).toContain('devstack: posts was killed by SIGKILL');
    expect(lines).toContain('devstack: restarting posts in 1 s (crash 1 in a row)');
    expect(lines).toContain('devstack: posts did not come back: posts exited before it was ready');

    supervisor.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('keeps one pending restart per service and none after stop', async () => {
    const clock = fakeClock();
    const restarts: string[] = [];
    const supervisor = createSupervisor({ ...clock, log: () => {}, restart: async (service) => void restarts.push(service) });
    supervisor.exited('feed', 'feed exited with code 1');
    supervisor.exited('feed', 'feed exited with code 1');
    supervisor.exited('media', 'media exited with code 1');
    expect(clock.pending()).toEqual([1_000, 1_000]);
    supervisor.stop();
    supervisor.exited('feed', 'feed exited with code 1');
    expect(clock.pending()).toEqual([]);
    expect(restarts).toEqual([]);
  });
});
