import { describe, expect, it } from 'vitest';
import { periodicTask } from './periodic-task';

function recordingLogger() {
  const lines: { level: string; msg: string; data: unknown }[] = [];
  return {
    lines,
    info: (data: unknown, msg: string) => lines.push({ level: 'info', msg, data }),
    warn: (data: unknown, msg: string) => lines.push({ level: 'warn', msg, data }),
  };
}

describe('periodicTask', () => {
  it('runs one round at a time: a run during a round joins it', async () => {
    let rounds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const task = periodicTask({
      didSomething: 'done',
      failed: 'failed',
      intervalMs: 60_000,
      logger: recordingLogger() as never,
      round: async () => {
        rounds += 1;
        await gate;
        return 3;
      },
    });
    const first = task.run();
    const second = task.run();
    release();
    expect(await Promise.all([first, second])).toEqual([3, 3]);
    expect(rounds).toBe(1);
    expect(await task.run()).toBe(3);
    expect(rounds).toBe(2);
  });

  it('runs at start, logs what a round did and a failure, and stop waits for the round and tells it to end', async () => {
    const logger = recordingLogger();
    let seenStopped = false;
    let calls = 0;
    let entered!: () => void;
    const inRound = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const task = periodicTask({
      didSomething: 'things done',
      failed: 'round failed',
      intervalMs: 60_000,
      logger: logger as never,
      round: async (isStopped) => {
        calls += 1;
        if (calls === 1) {
          entered();
          await gate;
          seenStopped = isStopped();
          return 2;
        }
        throw new Error('boom');
      },
    });
    task.start();
    await inRound;
    const stopping = task.stop();
    release();
    await stopping;
    expect(seenStopped).toBe(true);
    expect(logger.lines).toEqual([{ level: 'info', msg: 'things done', data: { count: 2 } }]);
    await expect(task.run()).rejects.toThrow('boom');
  });
});
