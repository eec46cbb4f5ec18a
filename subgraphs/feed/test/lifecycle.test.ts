/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/feed`,
 * health endpoints, a clean stop — and the rebuild command as an operator runs it. Each test
 * starts PGlite more than once (its start-up dominates), hence the explicit budgets.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { freePort, gql, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeed } from '../src/app';
import { FEED, SECRET, testConfig, testLogger } from './support/feed-harness';
import { aUser, follow, postEvent, published, socialEvent } from './support/events';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
let nats: NatsServer;
let data: TempDir;

beforeAll(async () => {
  nats = await startNats();
  data = await tempDir('feed-lifecycle-');
});
afterAll(async () => {
  await nats?.stop();
  await data?.remove();
});

async function readiness(url: string) {
  const response = await fetch(url.replace(/\/graphql$/, '/health/ready'));
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, boolean> } };
}

/** Runs `node --import tsx <script>` in the package with env; resolves with its exit code and output. */
function run(script: string, env: Record<string, string>): { exited: Promise<{ code: number | null; stdout: string; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr }))),
    kill: () => child.kill('SIGTERM'),
  };
}

describe('feed lifecycle', { timeout: 240_000 }, () => {
  it('keeps the timeline in DATA_DIR/feed across restarts, reports readiness, and the rebuild command leaves it unchanged', async () => {
    const config = testConfig({ NATS_URL: nats.url, DATA_DIR: data.path });
    const [alice, bob] = [aUser('alice'), aUser('bob')];
    const post = randomUUID();
    const headers = { [IDENTITY_HEADER]: await signIdentityHeader(bob, SECRET) };

    const first = await startFeed(config, { logger: testLogger() });
    try {
      expect(first.db.kind).toBe('pglite');
      expect(existsSync(join(data.path, 'feed'))).toBe(true);
      expect(await readiness(first.url)).toEqual({ status: 200, body: { ready: true, checks: { database: true, migrations: true, nats: true } } });
      const nc = await connect({ servers: nats.url });
      const js = jetstream(nc);
      for (const event of [socialEvent(follow(bob, alice, 1, true, 0)), postEvent(published(post, alice, 1))]) {
        await js.publish(event.type, JSON.stringify(event), { msgID: event.id });
      }
      await nc.close();
      await waitFor(async () => (await gql(first.url, FEED, {}, { headers })).data?.feed.edges.length === 1, { timeoutMs: 30_000, message: 'post in bob’s feed' });
    } finally {
      await Promise.all([first.stop(), first.stop()]);
    }
    await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

    const second = await startFeed(config, { logger: testLogger() });
    try {
      expect((await gql(second.url, FEED, {}, { headers })).data?.feed.edges).toEqual([{ cursor: expect.any(String), node: { id: post } }]);
    } finally {
      await second.stop();
    }

    // The operator's command, with the service stopped (PGlite: one process per directory).
    const rebuild = run('src/rebuild.ts', { DATA_DIR: data.path, NATS_URL: nats.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' });
    const { code, stdout, stderr } = await rebuild.exited;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^feed: rebuilt 2 timeline row\(s\) from 1 SOCIAL \+ 1 POSTS message\(s\) \(2 projected, 0 skipped\); sha256 before ([0-9a-f]{64}), after \1 \(unchanged\)$/m);
  });

  it('runs as a process from env (npm start) and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const process_ = run('src/main.ts', { FEED_PORT: String(port), DATA_DIR: join(data.path, 'proc'), NATS_URL: nats.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' });
    try {
      await waitFor(async () => (await readiness(`http://127.0.0.1:${port}/graphql`).catch(() => ({ status: 0 }))).status === 200, {
        timeoutMs: 120_000,
        message: 'feed process ready',
      });
    } finally {
      process_.kill();
    }
    const { code, stderr } = await process_.exited;
    expect(code, stderr).toBe(0);
  });

  it('refuses a bad environment with one line and exit code 78', async () => {
    const { code, stderr } = await run('src/main.ts', { FEED_BACKFILL_DAYS: '-3', NATS_URL: nats.url }).exited;
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^config: FEED_BACKFILL_DAYS: /)]);
  });
});
