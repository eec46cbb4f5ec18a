/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in
 * `<DATA_DIR>/notifications`, health endpoints, and a clean stop. Each test starts the service
 * more than once (PGlite's start-up dominates), hence the explicit budgets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectNats } from '@agora/messaging';
import { gql, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifications } from '../src/app';
import { aPerson, followCreated } from '../src/application/testing/events.mother';
import { NOTIFICATIONS } from './support/operations';
import { identityHeaders, testConfig, testLogger } from './support/notifications-harness';

const SEVERAL_STARTS_MS = 180_000;
let nats: NatsServer;
let dataDir: TempDir;

beforeAll(async () => {
  nats = await startNats();
  dataDir = await tempDir('notifications-lifecycle');
});

afterAll(async () => {
  await nats?.stop();
  await dataDir?.remove();
});

const health = async (graphqlUrl: string, check: 'live' | 'ready') => {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: await response.json() };
};

describe('notifications lifecycle', () => {
  it(
    'keeps PGlite data in DATA_DIR/notifications across restarts, reports health and stops once',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
      const [ann, bob] = [aPerson('ann'), aPerson('bob')];
      const read = async (url: string) =>
        (await gql(url, NOTIFICATIONS, {}, { headers: await identityHeaders(ann) })).data?.notifications.edges as unknown[] | undefined;

      const first = await startNotifications(config, { logger: testLogger() });
      const nc = await connectNats({ servers: nats.url, name: 'notifications-lifecycle-test', logger: testLogger() });
      try {
        expect(first.db.kind).toBe('pglite');
        expect(existsSync(join(dataDir.path, 'notifications'))).toBe(true);
        expect(await health(first.url, 'live')).toMatchObject({ status: 200 });
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        const follow = followCreated(bob, ann);
        await jetstream(nc).publish(follow.type, JSON.stringify(follow), { msgID: follow.id });
        await waitFor(async () => (await read(first.url))?.length === 1, { timeoutMs: 20_000, message: 'the follow notified' });
      } finally {
        await nc.drain();
        // Two signals at once must not stop anything twice.
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startNotifications(config, { logger: testLogger() });
      try {
        expect(await read(second.url)).toEqual([expect.objectContaining({ node: expect.objectContaining({ kind: 'FOLLOWED' }) })]);
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
      await expect(startNotifications({ ...config, host: '256.0.0.1' }, { logger: testLogger() })).rejects.toThrow();

      // PGlite refuses a data dir still open in this process, so this start proves it was closed.
      const app = await startNotifications(config, { logger: testLogger() });
      await app.stop();
    },
    SEVERAL_STARTS_MS,
  );
});
