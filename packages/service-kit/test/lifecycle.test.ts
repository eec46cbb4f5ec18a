import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@agora/testing';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/run-service.fixture.ts', import.meta.url));

interface Service {
  child: ChildProcess;
  lines: Record<string, any>[];
  exited: Promise<number | null>;
}

const running: Service[] = [];

function startService(env: Record<string, string>): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, any>[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line));
  });
  // 'close', not 'exit': only then has all of the child's stdout been read.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const service = { child, lines, exited };
  running.push(service);
  return service;
}

const logged = (service: Service, msg: string) => () => service.lines.find((line) => line.msg === msg);
const started = (service: Service) => waitFor(logged(service, 'fixture started'), { timeoutMs: 30_000, message: 'the service to start' });

afterEach(async () => {
  for (const { child, exited } of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
});

describe('runService', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops once and exits 0 on %s', async (signal) => {
    const service = startService({ SCENARIO: 'graceful' });
    await started(service);
    service.child.kill(signal);
    expect(await service.exited).toBe(0);
    expect(service.lines.filter((line) => line.msg === 'stop called')).toEqual([expect.objectContaining({ stops: 1 })]);
    expect(service.lines.find((line) => line.msg === 'shutting down')).toMatchObject({ signal });
    expect(service.lines.at(-1)).toMatchObject({ msg: 'fixture stopped' });
  });

  it('forces exit 1 on a second signal while stopping', async () => {
    const service = startService({ SCENARIO: 'hang', SHUTDOWN_TIMEOUT_MS: '60000' });
    await started(service);
    service.child.kill('SIGTERM');
    await waitFor(logged(service, 'stop called'), { message: 'stop() to be called' });
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(1);
    expect(service.lines.filter((line) => line.msg === 'stop called')).toHaveLength(1);
    expect(service.lines.at(-1)).toMatchObject({ msg: 'second signal while stopping, forcing exit', signal: 'SIGINT' });
  });

  it('exits 1 when stop() outlives the shutdown timeout', async () => {
    const service = startService({ SCENARIO: 'hang', SHUTDOWN_TIMEOUT_MS: '300' });
    await started(service);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(1);
    expect(service.lines.at(-1)).toMatchObject({ msg: 'shutdown timed out, forcing exit', shutdownTimeoutMs: 300 });
  });

  it('logs a failed start as fatal and exits 1', async () => {
    const service = startService({ SCENARIO: 'start-fails' });
    expect(await service.exited).toBe(1);
    expect(service.lines.at(-1)).toMatchObject({ level: 60, msg: 'fixture failed to start', err: { message: 'cannot bind port' } });
  });

  it('logs an unhandled rejection as fatal and exits 1', async () => {
    const service = startService({ SCENARIO: 'unhandled-rejection' });
    expect(await service.exited).toBe(1);
    expect(service.lines.at(-1)).toMatchObject({ level: 60, msg: 'unhandled promise rejection', err: { message: 'nobody caught me' } });
  });
});
