/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/social`,
 * health endpoints, and a clean stop. Each test starts the service more than once (PGlite's
 * start-up dominates), hence the explicit budgets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gql, startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocial } from '../src/app';
import { CREATE_CIRCLE, MY_CIRCLES } from './support/operations';
import { aUser, identityHeaders, testConfig, testLogger } from './support/social-harness';

const SEVERAL_STARTS_MS = 180_000;
let nats: NatsServer;
let dataDir: TempDir;

beforeAll(async () => {
  nats = await startNats();
  dataDir = await tempDir('social-lifecycle');
});

afterAll(async () => {
  await nats?.stop();
  await dataDir?.remove();
});

const health = async (graphqlUrl: string, check: 'live' | 'ready') => {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: await response.json() };
};

describe('social lifecycle', () => {
  it(
    'keeps PGlite data in DATA_DIR/social across restarts, reports health and stops once',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
      const owner = aUser();

      const first = await startSocial(config, { logger: testLogger() });
      try {
        expect(first.db.kind).toBe('pglite');
        expect(existsSync(join(dataDir.path, 'social'))).toBe(true);
        expect(await health(first.url, 'live')).toMatchObject({ status: 200 });
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        const created = await gql(first.url, CREATE_CIRCLE, { input: { name: 'On disk' } }, { headers: await identityHeaders(owner) });
        expect(created.errors).toBeUndefined();
      } finally {
        // Two signals at once must not stop anything twice.
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startSocial(config, { logger: testLogger() });
      try {
        const circles = await gql(second.url, MY_CIRCLES, {}, { headers: await identityHeaders(owner) });
        expect(circles.data?.myCircles).toEqual([expect.objectContaining({ name: 'On disk' })]);
      } finally {
        await second.stop();
      }
    },
    SEVERAL_STARTS_MS,
  );

  it(
    'closes what it already opened when start-up fails',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });

      // The database, Prisma, NATS, relay and consumers start; binding the server then fails.
      await expect(startSocial({ ...config, host: '256.0.0.1' }, { logger: testLogger() })).rejects.toThrow();

      // PGlite refuses a data dir still open in this process, so this start proves it was closed.
      const app = await startSocial(config, { logger: testLogger() });
      await app.stop();
    },
    SEVERAL_STARTS_MS,
  );
});
