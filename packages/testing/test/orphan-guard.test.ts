import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProcessRunning } from '../src/process-state';
import { waitFor } from '../src/wait-for';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const fixture = fileURLToPath(new URL('./fixtures/start-and-hang.ts', import.meta.url));

interface Started {
  natsPid: number;
  storeDir: string;
  dir: string;
  sleeperPid: number;
}

async function runFixture(mode: 'hang' | 'exit' | 'throw') {
  const child = spawn(process.execPath, ['--import', tsx, fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code} before reporting`)));
  });
  return { child, started: JSON.parse(firstLine) as Started };
}

async function expectAllCleanedUp(started: Started) {
  await waitFor(() => !isProcessRunning(started.natsPid) && !isProcessRunning(started.sleeperPid), {
    timeoutMs: 15_000,
    message: 'guarded processes to be stopped',
  });
  await waitFor(() => !existsSync(started.dir) && !existsSync(started.storeDir), {
    timeoutMs: 15_000,
    message: 'guarded directories to be removed',
  });
}

describe('orphan guard', () => {
  it('stops servers and removes temp dirs when their owner is killed with SIGKILL', async () => {
    const { child, started } = await runFixture('hang');
    expect(isProcessRunning(started.natsPid)).toBe(true);
    expect(isProcessRunning(started.sleeperPid)).toBe(true);
    expect(existsSync(started.dir)).toBe(true);
    child.kill('SIGKILL');
    await expectAllCleanedUp(started);
  });

  it('cleans up when the owner exits without stopping anything', async () => {
    const { started } = await runFixture('exit');
    await expectAllCleanedUp(started);
  });

  it('cleans up when the owner crashes with an uncaught error', async () => {
    const { started } = await runFixture('throw');
    await expectAllCleanedUp(started);
  });
});
