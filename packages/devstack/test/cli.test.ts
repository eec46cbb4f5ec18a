import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, isProcessRunning, tempDir, waitFor, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_ROOT, report } from './helpers';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runCli(args: string[], env: Record<string, string>): Cli {
  // detached: the CLI leads its own process group, like a shell's foreground job, so the test
  // can deliver Ctrl-C the way a terminal does (to the whole group).
  const child = spawn(process.execPath, ['--import', tsx, cliPath, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Rows of the "what runs where" table: service → { url, pid, data }. */
function parseTable(stdout: string): Map<string, { url: string; pid: number; data: string }> {
  const rows = new Map<string, { url: string; pid: number; data: string }>();
  for (const line of stdout.split('\n')) {
    const match = /^ {2}(\S+) {3,}(\S+) {3,}(\d+) {3,}(.+)$/.exec(line);
    if (match) rows.set(match[1]!, { url: match[2]!, pid: Number(match[3]), data: match[4]! });
  }
  return rows;
}

let data: TempDir;
let cli: Cli | undefined;
beforeEach(async () => {
  data = await tempDir('agora-cli-');
});
afterEach(async () => {
  if (cli && cli.child.exitCode === null) {
    process.kill(-cli.child.pid!, 'SIGTERM');
    await cli.exited;
  }
  cli = undefined;
  await data.remove();
});

async function portsEnv() {
  return {
    IDENTITY_PORT: String(await freePort()),
    ALPHA_PORT: String(await freePort()),
    GATEWAY_PORT: String(await freePort()),
    NATS_PORT: String(await freePort()),
  };
}

describe('devstack CLI', () => {
  it('starts everything on the configured ports, prints where, and stops cleanly on Ctrl-C', async () => {
    const env = await portsEnv();
    cli = runCli(['start', '--root', FIXTURE_ROOT, '--data-dir', data.path], env);
    const running = cli;
    await waitFor(() => running.stdout().includes('Gateway (Apollo Sandbox)') || running.child.exitCode !== null, {
      timeoutMs: 60_000,
      message: 'the CLI to report the platform running',
    });
    expect(running.stdout()).toContain(`Gateway (Apollo Sandbox): http://localhost:${env.GATEWAY_PORT}/graphql`);

    const table = parseTable(running.stdout());
    expect([...table.keys()]).toEqual(['nats', 'identity', 'alpha', 'gateway']);
    expect(table.get('nats')).toMatchObject({ url: `nats://127.0.0.1:${env.NATS_PORT}`, data: `${data.path}/nats` });
    expect(table.get('identity')).toMatchObject({
      url: `http://127.0.0.1:${env.IDENTITY_PORT}/graphql`,
      data: `${data.path}/identity (PGlite)`,
    });
    expect(table.get('gateway')).toMatchObject({ url: `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`, data: '-' });
    // Service output is shown, prefixed with the padded service name.
    expect(running.stdout()).toMatch(/^alpha {4}\| alpha listening on 127\.0\.0\.1:\d+$/m);
    expect(running.stdout()).not.toContain('[INF]'); // NATS's banner is left out

    const gateway = await report(table.get('gateway')!.url);
    expect(gateway.env.ALPHA_URL).toBe(`http://127.0.0.1:${env.ALPHA_PORT}/graphql`);
    const pids = [...[...table.values()].map((row) => row.pid), gateway.grandchildPid];
    expect(pids.every(isProcessRunning)).toBe(true);

    process.kill(-running.child.pid!, 'SIGINT'); // what Ctrl-C in a terminal does
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toContain('devstack: stopped');
    expect(pids.filter(isProcessRunning)).toEqual([]);
  });

  it('keeps the data when started again, and stops on SIGTERM too', async () => {
    for (const run of [1, 2]) {
      const env = await portsEnv();
      cli = runCli(['start', '--root', FIXTURE_ROOT, '--data-dir', data.path], env);
      const running = cli;
      await waitFor(() => running.stdout().includes('Gateway (Apollo Sandbox)'), { timeoutMs: 60_000, message: 'the platform to run' });
      expect((await report(`http://127.0.0.1:${env.IDENTITY_PORT}`)).starts).toBe(run);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    }
  });

  it('exits 1 with the failing service output when the platform cannot start', async () => {
    cli = runCli(['start', '--root', FIXTURE_ROOT, '--data-dir', data.path], { ...(await portsEnv()), FIXTURE_IDENTITY_MODE: 'crash' });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/devstack: could not start the platform: identity exited with code 2; last output:[\s\S]*boom/);
  });

  it('rejects a bad port variable with one line and exit code 78', async () => {
    cli = runCli(['start', '--root', FIXTURE_ROOT, '--data-dir', data.path], { ALPHA_PORT: 'eighty' });
    expect(await cli.exited).toBe(78);
    expect(cli.stderr().trim()).toBe('ALPHA_PORT: expected a port number, got "eighty"');
  });

  it('prints its usage for an unknown command', async () => {
    cli = runCli(['deploy'], {});
    expect(await cli.exited).toBe(64);
    expect(cli.stderr()).toContain('usage: cli.ts start');
  });
});
