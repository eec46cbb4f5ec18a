import { createTestDatabase } from '@agora/testing';
import { SUBGRAPHS } from './registry';
import { defineMediaSuite } from './media.suite';

// Production-like set-up: one real Postgres database per context (`<CTX>_DATABASE_URL`).
defineMediaSuite('Postgres', async () => {
  const dbs = await Promise.all(SUBGRAPHS.map((s) => createTestDatabase(`e2e_media_${s.name}`)));
  const env = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${s.name.toUpperCase()}_DATABASE_URL`, dbs[i]!.url]));
  return { env, cleanup: async () => void (await Promise.all(dbs.map((d) => d.drop()))) };
});
