import { createTestDatabase } from '@agora/testing';
import { defineAccountsSuite } from './accounts.suite';
import { SUBGRAPHS } from './registry';

// Production-like set-up: one real Postgres database per context and platform (`<CTX>_DATABASE_URL`).
defineAccountsSuite('Postgres', async (platform, contexts) => {
  const names = SUBGRAPHS.map((s) => s.name).filter((name) => !contexts || contexts.includes(name));
  const dbs = await Promise.all(names.map((name) => createTestDatabase(`e2e_accounts_${platform}_${name}`)));
  const env = Object.fromEntries(names.map((name, i) => [`${name.toUpperCase()}_DATABASE_URL`, dbs[i]!.url]));
  return { env, cleanup: async () => void (await Promise.all(dbs.map((d) => d.drop()))) };
});
