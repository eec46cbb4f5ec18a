/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/profiles`,
 * health endpoints, and a clean stop. Each test starts the service more than once (PGlite's
 * start-up dominates), hence the explicit budgets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProfiles } from '../src/app';
import { anAccount, entities, testConfig, testLogger, updateProfile } from './support/profiles-harness';

const SEVERAL_STARTS_MS = 180_000;
let nats: NatsServer;
let dataDir: TempDir;

beforeAll(async () => {
  nats = await startNats();
  dataDir = await tempDir('profiles-lifecycle');
});

afterAll(async () => {
  await nats?.stop();
  await dataDir?.remove();
});

const health = async (graphqlUrl: string, check: 'live' | 'ready') => {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: await response.json() };
};

describe('profiles lifecycle', () => {
  it(
    'keeps PGlite data in DATA_DIR/profiles across restarts, reports health and stops once',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
      const viewer = { userId: anAccount().accountId, username: 'lifecycle' };

      const first = await startProfiles(config, { logger: testLogger() });
      try {
        expect(first.db.kind).toBe('pglite');
        expect(existsSync(join(dataDir.path, 'profiles'))).toBe(true);
        expect(await health(first.url, 'live')).toMatchObject({ status: 200 });
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        expect((await updateProfile(first.url, viewer, { bio: 'on disk' })).errors).toBeUndefined();
      } finally {
        // Two signals at once must not stop anything twice.
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startProfiles(config, { logger: testLogger() });
      try {
        expect((await entities(second.url, [viewer.userId])).data?._entities).toEqual([
          { id: viewer.userId, displayName: 'lifecycle', bio: 'on disk', avatarUrl: null },
        ]);
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
      await expect(startProfiles({ ...config, host: '256.0.0.1' }, { logger: testLogger() })).rejects.toThrow();

      // PGlite refuses a data dir still open in this process, so this start proves it was closed.
      const app = await startProfiles(config, { logger: testLogger() });
      await app.stop();
    },
    SEVERAL_STARTS_MS,
  );
});
