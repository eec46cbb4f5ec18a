/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/feed`,
 * health endpoints, a clean stop — and the rebuild command as an operator runs it; the process
 * cases (npm start, a bad environment) are the shared lifecycle suite's. Each test starts PGlite
 * more than once (its start-up dominates), hence the explicit budget.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { gql, publishEnvelope, waitFor } from '@agora/testing';
import { defineLifecycleSuite, health, runTsx } from '@agora/testing/suites';
import { expect, it } from 'vitest';
import { startFeed } from '../src/app';
import { FEED, SECRET, testConfig, testLogger } from './support/feed-harness';
import { aUser, follow, postEvent, published, socialEvent } from './support/events';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

defineLifecycleSuite({
  name: 'feed',
  timeoutMs: 240_000,
  asProcess: { packageDir: PACKAGE_DIR, portVariable: 'FEED_PORT', badEnv: { variable: 'FEED_BACKFILL_DAYS', value: '-3' } },
  extraCases(env) {
    it('keeps the timeline in DATA_DIR/feed across restarts, reports readiness, and the rebuild command leaves it unchanged', async () => {
      const { nats, dataDir: data } = env();
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: data.path });
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = randomUUID();
      const headers = { [IDENTITY_HEADER]: await signIdentityHeader(bob, SECRET) };

      const first = await startFeed(config, { logger: testLogger() });
      try {
        expect(first.db.kind).toBe('pglite');
        expect(existsSync(join(data.path, 'feed'))).toBe(true);
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        const nc = await connect({ servers: nats.url });
        const js = jetstream(nc);
        for (const event of [socialEvent(follow(bob, alice, 1, true, 0)), postEvent(published(post, alice, 1))]) {
          await publishEnvelope(js, event);
        }
        await nc.close();
        await waitFor(async () => (await gql(first.url, FEED, {}, { headers })).data?.feed.edges.length === 1, {
          timeoutMs: 30_000,
          message: 'post in bob’s feed',
        });
      } finally {
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startFeed(config, { logger: testLogger() });
      try {
        expect((await gql(second.url, FEED, {}, { headers })).data?.feed.edges).toEqual([
          { cursor: expect.any(String), node: { id: post } },
        ]);
      } finally {
        await second.stop();
      }

      // The operator's command, with the service stopped (PGlite: one process per directory).
      const rebuild = runTsx(PACKAGE_DIR, 'src/rebuild.ts', {
        DATA_DIR: data.path,
        NATS_URL: nats.url,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      });
      const { code, stdout, stderr } = await rebuild.exited;
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(
        /^feed: rebuilt 2 timeline row\(s\) from 1 SOCIAL \+ 1 POSTS \+ 0 MODERATION message\(s\) \(2 projected, 0 skipped\); sha256 before ([0-9a-f]{64}), after \1 \(unchanged\)$/m,
      );
    });
  },
});
