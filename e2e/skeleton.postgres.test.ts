import { createTestDatabase } from '@agora/testing';
import { defineSkeletonSuite } from './skeleton.suite';
import { SUBGRAPHS } from './registry';

// Production-like set-up: one real Postgres database per context (`<CTX>_DATABASE_URL`).
defineSkeletonSuite('Postgres', async () => {
  const dbs = await Promise.all(SUBGRAPHS.map((s) => createTestDatabase(`e2e_${s.name}`)));
  const env = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${s.name.toUpperCase()}_DATABASE_URL`, dbs[i]!.url]));
  return { env, cleanup: async () => void (await Promise.all(dbs.map((d) => d.drop()))) };
});
