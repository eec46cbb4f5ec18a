/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/comments`,
 * health endpoints, and a clean stop. Each test starts the service more than once (PGlite's
 * start-up dominates), hence the explicit budgets.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectNats } from '@agora/messaging';
import { gql, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComments } from '../src/app';
import { postPublished } from './support/events';
import { ADD_COMMENT, COMMENT } from './support/operations';
import { aUser, identityHeaders, testConfig, testLogger } from './support/comments-harness';

const SEVERAL_STARTS_MS = 180_000;
let nats: NatsServer;
let dataDir: TempDir;

beforeAll(async () => {
  nats = await startNats();
  dataDir = await tempDir('comments-lifecycle');
});

afterAll(async () => {
  await nats?.stop();
  await dataDir?.remove();
});

const health = async (graphqlUrl: string, check: 'live' | 'ready') => {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: await response.json() };
};

describe('comments lifecycle', () => {
  it(
    'keeps PGlite data in DATA_DIR/comments across restarts, reports health and stops once',
    async () => {
      const config = testConfig({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
      const owner = aUser();
      let commentId = '';

      const first = await startComments(config, { logger: testLogger() });
      try {
        expect(first.db.kind).toBe('pglite');
        expect(existsSync(join(dataDir.path, 'comments'))).toBe(true);
        expect(await health(first.url, 'live')).toMatchObject({ status: 200 });
        expect(await health(first.url, 'ready')).toEqual({
          status: 200,
          body: { ready: true, checks: { database: true, migrations: true, nats: true } },
        });
        // posts publishes a post; comments learns of it from the POSTS stream, then takes a comment.
        const published = postPublished({ postId: randomUUID(), authorId: owner.userId });
        const nc = await connectNats({ servers: nats.url, name: 'comments-lifecycle-test', logger: testLogger() });
        await jetstream(nc).publish(published.type, JSON.stringify(published), { msgID: published.id });
        await nc.drain();
        await waitFor(async () => (await first.prisma.postAccess.count()) === 1, { message: 'the post replicated' });
        const created = await gql(first.url, ADD_COMMENT, { input: { postId: published.payload.postId, body: 'On disk' } }, { headers: await identityHeaders(owner) });
        expect(created.errors).toBeUndefined();
        commentId = created.data.addComment.id;
      } finally {
        // Two signals at once must not stop anything twice.
        await Promise.all([first.stop(), first.stop()]);
      }
      await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

      const second = await startComments(config, { logger: testLogger() });
      try {
        const comment = await gql(second.url, COMMENT, { id: commentId });
        expect(comment.data?.comment).toMatchObject({ id: commentId, body: 'On disk', author: { id: owner.userId } });
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
      await expect(startComments({ ...config, host: '256.0.0.1' }, { logger: testLogger() })).rejects.toThrow();

      // PGlite refuses a data dir still open in this process, so this start proves it was closed.
      const app = await startComments(config, { logger: testLogger() });
      await app.stop();
    },
    SEVERAL_STARTS_MS,
  );
});
