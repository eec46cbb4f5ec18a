/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/reactions`,
 * health endpoints, and a clean stop. Each test starts the service more than once (PGlite's
 * start-up dominates), hence the explicit budgets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newEventId } from '@agora/events';
import { startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReactions } from '../src/app';
import { postPublished } from './support/events';
import { REACT, SUBJECTS, postRefs } from './support/operations';
import { aUser, startHarness, testConfig, testLogger } from './support/reactions-harness';

const SEVERAL_STARTS_MS = 180_000;
let nats: NatsServer;
let dataDir: TempDir;

beforeAll(async () => {
  nats = await startNats();
  dataDir = await tempDir('reactions-lifecycle');
});

afterAll(async () => {
  await nats?.stop();
  await dataDir?.remove();
});

const health = async (graphqlUrl: string, check: 'live' | 'ready') => {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: await response.json() };
};

describe('reactions lifecycle', () => {
  it(
    'keeps PGlite data in DATA_DIR/reactions across restarts, reports health and stops once',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
      const [author, reader] = [aUser(), aUser()];
      const postId = newEventId();

      const first = await startHarness(config);
      try {
        expect(first.app.db.kind).toBe('pglite');
        expect(existsSync(join(dataDir.path, 'reactions'))).toBe(true);
        expect(await health(first.app.url, 'live')).toMatchObject({ status: 200 });
        expect(await health(first.app.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        await first.deliver(postPublished({ postId, authorId: author.userId }));
        const reacted = await first.request(REACT, { input: { subjectId: postId, kind: 'WOW' } }, reader);
        expect(reacted.errors).toBeUndefined();
      } finally {
        // Two signals at once must not stop anything twice.
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.app.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startHarness(config);
      try {
        const read = await second.request(SUBJECTS, { representations: postRefs([postId]) }, reader);
        expect(read.data?._entities).toEqual([{ id: postId, reactions: [{ kind: 'WOW', count: 1 }], viewerReaction: 'WOW' }]);
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
      await expect(startReactions({ ...config, host: '256.0.0.1' }, { logger: testLogger() })).rejects.toThrow();

      // PGlite refuses a data dir still open in this process, so this start proves it was closed.
      const app = await startReactions(config, { logger: testLogger() });
      await app.stop();
    },
    SEVERAL_STARTS_MS,
  );
});
