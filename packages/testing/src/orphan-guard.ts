/**
 * Makes sure servers started by a test (or by the dev stack) never outlive the process that
 * started them, even when it dies abruptly.
 *
 * Two layers: a synchronous `exit` handler kills registered processes when this process ends
 * normally; a detached watchdog (orphan-reaper.process.mjs) covers every other way of dying
 * (SIGTERM from a test runner, SIGKILL, OOM) and also removes registered directories.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface OrphanGuard {
  /** Stop guarding (call once the resource was cleaned up normally). */
  release(): void;
}

interface TrackedProcess {
  pid: number;
  group: boolean;
  signal: NodeJS.Signals;
}

const trackedProcesses = new Map<number, TrackedProcess>();
let nextId = 1;
let watchdog: ChildProcess | undefined;
let exitHandlerInstalled = false;

function killNow(entry: TrackedProcess): void {
  try {
    process.kill(entry.group ? -entry.pid : entry.pid, entry.signal);
  } catch {
    // Already gone.
  }
}

function ensureWatchdog(): ChildProcess | undefined {
  if (watchdog) return watchdog;
  try {
    const script = fileURLToPath(new URL('./orphan-reaper.process.mjs', import.meta.url));
    // detached: its own session, so a Ctrl-C aimed at our terminal does not kill it before it
    // has cleaned up; unref: it never keeps this process alive.
    const child = spawn(process.execPath, [script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog = child;
  } catch {
    // Without a watchdog the exit handler still covers normal exits.
  }
  return watchdog;
}

function tell(message: Record<string, unknown>): void {
  ensureWatchdog()?.stdin?.write(`${JSON.stringify(message)}\n`);
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const entry of trackedProcesses.values()) killNow(entry);
  });
}

/**
 * Kills `pid` (its whole process group when `group`, for children spawned `detached`) with
 * `signal` (default SIGTERM, SIGKILL 5 s later) if this process ends while it is still guarded.
 */
export function guardProcess(pid: number, options: { group?: boolean; signal?: NodeJS.Signals } = {}): OrphanGuard {
  const id = nextId++;
  const entry: TrackedProcess = { pid, group: options.group ?? false, signal: options.signal ?? 'SIGTERM' };
  trackedProcesses.set(id, entry);
  installExitHandler();
  tell({ op: 'track', id, pid, group: entry.group, signal: entry.signal });
  return once(() => {
    trackedProcesses.delete(id);
    tell({ op: 'release', id });
  });
}

/** Removes `path` (recursively) after this process ends, unless released first. */
export function guardDirectory(path: string): OrphanGuard {
  const id = nextId++;
  tell({ op: 'track', id, dir: path });
  return once(() => tell({ op: 'release', id }));
}

function once(release: () => void): OrphanGuard {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      release();
    },
  };
}
