import { createTestDatabase } from '@agora/testing';
import { SUBGRAPHS } from './registry';
import { defineRealtimeSuite } from './realtime.suite';

// Production-like set-up: one real Postgres database per context (`<CTX>_DATABASE_URL`).
defineRealtimeSuite('Postgres', async () => {
  const dbs = await Promise.all(SUBGRAPHS.map((s) => createTestDatabase(`e2e_realtime_${s.name}`)));
  const env = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${s.name.toUpperCase()}_DATABASE_URL`, dbs[i]!.url]));
  return { env, cleanup: async () => void (await Promise.all(dbs.map((d) => d.drop()))) };
});
