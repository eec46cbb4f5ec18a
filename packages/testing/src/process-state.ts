import { readFileSync } from 'node:fs';

/**
 * True while `pid` is a running process. A zombie (exited, not yet reaped by its parent or by
 * init, which some containers do slowly) counts as not running.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z';
  } catch {
    // No /proc (not Linux): signal 0 succeeded, so it exists.
    return true;
  }
}
