/**
 * Posts across restarts and NATS outages, in-process; the process cases (npm start, a bad
 * environment) are the shared lifecycle suite's. Starting PGlite (a WASM Postgres) and a tsx
 * process takes seconds, many on a loaded 2-core box.
 */
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { gql, waitFor } from '@agora/testing';
import { defineLifecycleSuite, health } from '@agora/testing/suites';
import { startPosts } from '../src/app';
import type { PostsConfig } from '../src/config';
import { CREATE_POST, POST } from './support/operations';
import { INTERNAL_SECRET } from './support/posts-harness';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

defineLifecycleSuite({
  name: 'posts',
  title: 'posts process lifecycle',
  asProcess: { packageDir: PACKAGE_DIR, portVariable: 'POSTS_PORT', badEnv: { variable: 'POSTS_PORT', value: 'not-a-port' } },
  extraCases(env) {
    it('keeps posts in its PGlite directory across restarts and reports readiness per dependency', async () => {
      const { nats, dataDir: data } = env();
      const config: PostsConfig = {
        port: 0,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir: data.path,
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
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        const created = await gql(first.url, CREATE_POST, { input: { body: 'survives restarts' } }, { headers });
        expect(created.errors).toBeUndefined();
        postId = created.data.createPost.id;

        // NATS away: not ready (the outbox keeps events meanwhile); back: ready again.
        await nats.stop();
        await waitFor(async () => (await health(first.url, 'ready')).status === 503, { message: 'not ready without NATS' });
        expect((await health(first.url, 'ready')).body.checks).toMatchObject({ database: true, nats: false });
        await nats.restart();
        await waitFor(async () => (await health(first.url, 'ready')).status === 200, { timeoutMs: 60_000, message: 'ready again' });
      } finally {
        await first.stop();
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startPosts(config);
      try {
        const read = await gql(second.url, POST, { id: postId });
        expect(read.data.post).toMatchObject({ id: postId, body: 'survives restarts' });
        // Every migration of the package applied exactly once (not again on the restart).
        const migrations = readdirSync(new URL('../prisma/migrations', import.meta.url), { withFileTypes: true }).filter((d) =>
          d.isDirectory(),
        );
        expect(await second.prisma.$queryRaw`SELECT migration_name FROM _prisma_migrations`).toHaveLength(migrations.length);
        expect(migrations.length).toBeGreaterThanOrEqual(2);
      } finally {
        await second.stop();
      }
    });
  },
});
