/**
 * A child process that is easy to stop without leaving anything behind: spawned in its own
 * process group (so a terminal's Ctrl-C reaches only our process, which then stops children in
 * order, and so grandchildren are signalled too), guarded against orphaning, output read line
 * by line with the last lines kept for error messages.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { guardProcess } from './orphan-guard';
import { waitFor } from './wait-for';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  error?: Error;
}

export interface ManagedProcessOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called for every output line (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many recent lines to keep for `lastLines()`; default 50. */
  keepLines?: number;
}

export interface ManagedProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  readonly hasExited: boolean;
  /** The most recent output lines, oldest first. */
  lastLines(): string[];
  /** Waits (bounded) until the output pipes are drained, so `lastLines()` is complete after an exit. */
  outputDrained(timeoutMs?: number): Promise<void>;
  /**
   * `signal` (default SIGTERM) to the process group, SIGKILL after `timeoutMs` (default 10 s);
   * waits for exit. Idempotent. Call it even after the process exited on its own, so that
   * anything it started in its group is stopped too.
   */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<ProcessExit>;
}

export function spawnManaged(options: ManagedProcessOptions): ManagedProcess {
  const keep = options.keepLines ?? 50;
  const lines: string[] = [];
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const guard = child.pid === undefined ? undefined : guardProcess(child.pid, { group: true });

  let hasExited = false;
  let resolveExit!: (exit: ProcessExit) => void;
  const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
  // The guard is kept after the process itself exits: processes it started may still be running
  // in its group; stop() (or the guard, when this process ends) signals them too.
  const finish = (exit: ProcessExit) => {
    if (hasExited) return;
    hasExited = true;
    resolveExit(exit);
  };
  child.once('exit', (code, signal) => finish({ code, signal }));
  child.once('error', (error) => {
    // 'error' without a pid means spawn failed; with a pid it is a failed kill, which 'exit' covers.
    if (child.pid === undefined) finish({ code: null, signal: null, error });
  });

  const drained = Promise.all((['stdout', 'stderr'] as const).map((name) => readLines(child[name], name))).then(() => undefined);

  function readLines(stream: Readable | null, name: 'stdout' | 'stderr'): Promise<void> {
    if (!stream) return Promise.resolve();
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    reader.on('line', (line) => {
      lines.push(line);
      if (lines.length > keep) lines.shift();
      options.onLine?.(line, name);
    });
    return new Promise((resolve) => reader.once('close', () => resolve()));
  }

  function signalGroup(signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  let stopping: Promise<ProcessExit> | undefined;
  return {
    get pid() {
      return child.pid;
    },
    exited,
    get hasExited() {
      return hasExited;
    },
    lastLines: () => [...lines],
    async outputDrained(timeoutMs = 500) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    stop({ signal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
      stopping ??= (async () => {
        // Also when the leader already exited: what it left behind in its group goes too. (The
        // pid cannot have been reused as a group id while that group still has members.)
        signalGroup(signal);
        const timer = hasExited ? undefined : setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
        const exit = await exited;
        clearTimeout(timer);
        guard?.release();
        return exit;
      })();
      return stopping;
    },
  };
}

/** `name (exit code 1): <last lines>` for errors about a process that ended too early. */
export function describeExit(name: string, exit: ProcessExit, lastLines: string[]): string {
  const how = exit.error
    ? `could not be started (${exit.error.message})`
    : exit.signal
      ? `was killed by ${exit.signal}`
      : `exited with code ${exit.code}`;
  const tail = lastLines.length > 0 ? `; last output:\n  ${lastLines.slice(-20).join('\n  ')}` : '; it printed nothing';
  return `${name} ${how}${tail}`;
}

/**
 * Waits until `probe` reports the process ready; fails fast (with its last output) if the
 * process exits first, and stops it when it is not ready within `timeoutMs`.
 */
export async function waitUntilReady(
  name: string,
  child: ManagedProcess,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const outcome = await waitFor(
    async () => {
      if (child.hasExited) return 'exited' as const;
      return (await probe()) ? ('ready' as const) : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 50, message: `${name} to become ready` },
  ).catch(async (error: unknown) => {
    if (child.hasExited) return 'exited' as const;
    await child.stop({ timeoutMs: 2_000 });
    await child.outputDrained();
    const tail = child.lastLines().slice(-20);
    const output = tail.length > 0 ? `; last output:\n  ${tail.join('\n  ')}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${output}`, { cause: error });
  });
  if (outcome === 'exited') {
    const exit = await child.stop(); // already exited: this only clears what it left in its group
    await child.outputDrained();
    throw new Error(describeExit(name, exit, child.lastLines()));
  }
}
