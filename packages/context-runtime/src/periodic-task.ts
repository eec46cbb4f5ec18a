import type { Logger } from '@agora/service-kit';

/** A context's recurring background job (a `ContextParts.background` entry). */
export interface PeriodicTask {
  /** Runs once now, then every interval. */
  start(): void;
  /** Stops the timer and waits for a round in progress; the round sees `isStopped()` and ends early. */
  stop(): Promise<void>;
  /** One round now, or the one already running (never two at once); how much it did. */
  run(): Promise<number>;
}

export interface PeriodicTaskOptions {
  /** For the logs, e.g. `unfinished uploads swept` (logged with `{ count }` when a round did something). */
  didSomething: string;
  /** Logged at warn with the error when a round fails; the next interval tries again. */
  failed: string;
  intervalMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** One round: returns how many things it did; checks `isStopped()` between batches. */
  round: (isStopped: () => boolean) => Promise<number>;
}

/**
 * Timer plumbing shared by the contexts' sweepers and timers: a round at start and then every
 * `intervalMs` (the timer does not keep the process alive), one round at a time, a failed round
 * logged and retried at the next interval, `stop` waiting for the round in progress.
 */
export function periodicTask(options: PeriodicTaskOptions): PeriodicTask {
  const { round, logger, intervalMs } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;
  const isStopped = () => stopped;

  const run = () => (running ??= round(isStopped).finally(() => (running = undefined)));
  const tick = () => {
    void run().then(
      (count) => {
        if (count > 0) logger.info({ count }, options.didSomething);
      },
      (err: unknown) => logger.warn({ err }, options.failed),
    );
  };

  return {
    start() {
      stopped = false;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    run,
  };
}
