/**
 * `npm start`'s supervision: a service that exits unexpectedly is restarted after a backoff that
 * doubles per consecutive crash (1 s → 30 s) and resets once a run stayed up `healthyAfterMs`.
 * One line per event goes to `log`. Clock and timers are injected (tests use a fake clock).
 */
export interface SupervisorOptions {
  restart(service: string): Promise<void>;
  log(line: string): void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A run that stayed up this long resets the backoff; default 60 s. */
  healthyAfterMs?: number;
}

export interface Supervisor {
  /** Report an unexpected exit (platform `onUnexpectedExit`). */
  exited(service: string, description: string): void;
  /** Cancels pending restarts (shutdown). */
  stop(): void;
}

interface State {
  crashes: number;
  startedAt: number;
  timer?: unknown;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  const initial = options.initialDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const states = new Map<string, State>();
  const startedAt = now();
  let stopped = false;

  const schedule = (service: string, state: State) => {
    const delay = Math.min(max, initial * 2 ** Math.max(0, state.crashes - 1));
    options.log(`devstack: restarting ${service} in ${Math.round(delay / 100) / 10} s (crash ${state.crashes} in a row)`);
    state.timer = setTimer(() => {
      state.timer = undefined;
      if (stopped) return;
      state.startedAt = now();
      options.restart(service).then(
        () => {
          if (!stopped) options.log(`devstack: ${service} restarted and ready`);
        },
        (error: unknown) => {
          if (stopped) return;
          state.crashes += 1;
          options.log(`devstack: ${service} did not come back: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          schedule(service, state);
        },
      );
    }, delay);
  };

  return {
    exited(service, description) {
      if (stopped) return;
      const state = states.get(service) ?? { crashes: 0, startedAt };
      states.set(service, state);
      if (state.timer !== undefined) return; // a restart is already pending
      if (now() - state.startedAt >= healthyAfter) state.crashes = 0;
      state.crashes += 1;
      options.log(`devstack: ${description.split('\n')[0]}`);
      schedule(service, state);
    },
    stop() {
      stopped = true;
      for (const state of states.values()) if (state.timer !== undefined) clearTimer(state.timer);
    },
  };
}
