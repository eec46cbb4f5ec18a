import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, tempDir, waitFor, type TempDir } from '@agora/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { composeFromRegistry, renderSupergraphFile } from '../src/supergraph/compose';

const GATEWAY_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  // As npm start and the Docker image run it: node with the tsx loader, no wrapper process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: GATEWAY_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}

// Each test spawns tsx + the gateway's module graph: seconds on a quiet machine, much more on a
// loaded 2-core one, hence the generous timeouts.
describe('gateway process (src/main.ts)', { timeout: 120_000 }, () => {
  let dir: TempDir | undefined;
  let started: Started | undefined;
  afterEach(async () => {
    if (started && started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGKILL');
      await started.exit;
    }
    started = undefined;
    await dir?.remove();
    dir = undefined;
  });

  it('starts from env, becomes ready, and exits 0 on SIGTERM with the port closed', async () => {
    dir = await tempDir('agora-gateway-main-');
    const composed = await composeFromRegistry(join(GATEWAY_DIR, 'test/fixtures/valid'));
    if (!composed.ok) throw new Error('fixture must compose');
    const supergraphPath = join(dir.path, 'supergraph.graphql');
    await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, composed.subgraphs));
    const port = await freePort();
    started = startMain({
      GATEWAY_PORT: String(port),
      SUPERGRAPH_PATH: supergraphPath,
      NOTES_URL: 'http://127.0.0.1:1',
      NATS_URL: 'nats://127.0.0.1:1',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 90_000,
      message: 'gateway process never became ready',
    });
    expect(started.output()).toContain('"msg":"gateway ready"');
    expect(started.output()).toContain('notes=http://127.0.0.1:1/graphql (NOTES_URL)');

    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    expect(started.output()).toContain('"msg":"gateway stopped"');
    expect(started.output()).not.toContain('forcing exit');
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });

  it('exits 78 with one line naming the bad variable', async () => {
    started = startMain({ GATEWAY_PORT: 'not-a-port' });
    expect(await started.exit).toBe(78);
    expect(started.output().trim()).toMatch(/^config: GATEWAY_PORT: [^\n]+$/);
  });

  it('refuses AGORA_RATE_LIMITS=off in production (exit 78)', async () => {
    started = startMain({ NODE_ENV: 'production', AGORA_INTERNAL_SECRET: 's'.repeat(40), AGORA_RATE_LIMITS: 'off' });
    expect(await started.exit).toBe(78);
    expect(started.output().trim()).toBe('config: AGORA_RATE_LIMITS: rate limits cannot be turned off in production');
  });

  it('exits 1 and says how to fix a missing supergraph', async () => {
    const port = await freePort();
    started = startMain({ GATEWAY_PORT: String(port), SUPERGRAPH_PATH: '/nonexistent/supergraph.graphql' });
    expect(await started.exit).toBe(1);
    expect(started.output()).toContain('run `npm run schema:compose`');
  });
});
