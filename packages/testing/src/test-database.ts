import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type {} from './provided-context';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const NO_POSTGRES =
  'createTestDatabase: no Postgres for tests: run through the root vitest config (its globalSetup starts a cluster; needs `apt-get install -y postgresql`) or set TEST_POSTGRES_URL';

async function adminUrl(): Promise<string> {
  const fromEnv = process.env.TEST_POSTGRES_URL;
  if (fromEnv) return fromEnv;
  // Imported lazily: this package is also used outside vitest (the dev stack), where loading
  // the test runner would be wasted work and inject() cannot work anyway.
  let injected: string | undefined;
  try {
    const { inject } = await import('vitest');
    injected = inject('postgresAdminUrl');
  } catch {
    injected = undefined;
  }
  if (!injected) throw new Error(NO_POSTGRES);
  return injected;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z_]/, '_$&')
    .slice(0, 30);
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** CREATE DATABASE with a unique name on the run's cluster (inject('postgresAdminUrl') or TEST_POSTGRES_URL). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const admin = await adminUrl();
  const name = uniqueName(prefix);
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop() {
      // FORCE: a test that forgot to close its pool must not make cleanup fail.
      dropped ??= withAdmin(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
      return dropped;
    },
  };
}
