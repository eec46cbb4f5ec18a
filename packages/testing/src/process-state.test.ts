import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessRunning } from './process-state';

describe('isProcessRunning', () => {
  it('is true for a running process and false once it has exited', async () => {
    const child = spawn('sleep', ['30']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessRunning(child.pid!)).toBe(true);
    child.kill('SIGTERM');
    await exited;
    expect(isProcessRunning(child.pid!)).toBe(false);
  });

  it('is true for this process and false for a pid that does not exist', () => {
    expect(isProcessRunning(process.pid)).toBe(true);
    expect(isProcessRunning(2 ** 22 + 1)).toBe(false);
  });
});
