import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { freePort, gql, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { startPosts } from '../src/app';
import type { PostsConfig } from '../src/config';
import { CREATE_POST, POST } from './support/operations';
import { INTERNAL_SECRET } from './support/posts-harness';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

async function readiness(url: string) {
  const response = await fetch(url.replace(/\/graphql$/, '/health/ready'));
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, boolean> } };
}

// Starting PGlite (a WASM Postgres) and a tsx process takes seconds, many on a loaded 2-core box.
describe('posts process lifecycle', { timeout: 180_000 }, () => {
  let nats: NatsServer;
  let data: TempDir;

  beforeAll(async () => {
    nats = await startNats();
    data = await tempDir('posts-lifecycle-');
  });
  afterAll(async () => {
    await nats?.stop();
    await data?.remove();
  });

  it('keeps posts in its PGlite directory across restarts and reports readiness per dependency', async () => {
    const config: PostsConfig = {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: undefined,
      pgliteDir: join(data.path, 'posts'),
      natsUrl: nats.url,
      logLevel: 'silent',
      internalSecret: INTERNAL_SECRET,
      nodeEnv: 'test',
    };
    const alice = { userId: randomUUID(), username: 'alice' };
    const headers = { [IDENTITY_HEADER]: await signIdentityHeader(alice, INTERNAL_SECRET) };

    const first = await startPosts(config);
    let postId: string;
    try {
      expect(await readiness(first.url)).toEqual({ status: 200, body: { ready: true, checks: { database: true, migrations: true, nats: true } } });
      const created = await gql(first.url, CREATE_POST, { input: { body: 'survives restarts' } }, { headers });
      expect(created.errors).toBeUndefined();
      postId = created.data.createPost.id;

      // NATS away: not ready (the outbox keeps events meanwhile); back: ready again.
      await nats.stop();
      await waitFor(async () => (await readiness(first.url)).status === 503, { message: 'not ready without NATS' });
      expect((await readiness(first.url)).body.checks).toMatchObject({ database: true, nats: false });
      await nats.restart();
      await waitFor(async () => (await readiness(first.url)).status === 200, { timeoutMs: 60_000, message: 'ready again' });
    } finally {
      await first.stop();
    }
    await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

    const second = await startPosts(config);
    try {
      const read = await gql(second.url, POST, { id: postId });
      expect(read.data.post).toMatchObject({ id: postId, body: 'survives restarts' });
      // Every migration of the package applied exactly once (not again on the restart).
      const migrations = readdirSync(new URL('../prisma/migrations', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory());
      expect(await second.prisma.$queryRaw`SELECT migration_name FROM _prisma_migrations`).toHaveLength(migrations.length);
      expect(migrations.length).toBeGreaterThanOrEqual(2);
    } finally {
      await second.stop();
    }
  });

  it('runs as a process from env (npm start) and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    // As npm start and the Docker image run it: node with the tsx loader, no wrapper process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, POSTS_PORT: String(port), DATA_DIR: data.path + '/proc', NATS_URL: nats.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(
        async () => (await readiness(`http://127.0.0.1:${port}/graphql`).catch(() => ({ status: 0 }))).status === 200,
        { timeoutMs: 120_000, message: 'posts process ready' },
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
  });

  it('refuses a bad environment with one line and exit code 78', async () => {
    // As npm start and the Docker image run it: node with the tsx loader, no wrapper process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, POSTS_PORT: 'not-a-port', NATS_URL: nats.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^config: POSTS_PORT: /)]);
  });
});
