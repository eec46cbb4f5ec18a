import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { startPostgresCluster } from '../src/postgres-cluster';
import { createTestDatabase } from '../src/test-database';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('global setup', () => {
  it('provides the admin URL of a running cluster', async () => {
    const url = inject('postgresAdminUrl');
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const [row] = await query<{ ok: number }>(url, 'select 1 as ok');
    expect(row?.ok).toBe(1);
  });
});

describe('startPostgresCluster', () => {
  it('runs a trust-auth server on 127.0.0.1 and removes everything on stop', async () => {
    const cluster = await startPostgresCluster();
    const [row] = await query<{ version: string; addr: string }>(cluster.url, 'select version(), inet_server_addr()::text as addr');
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
    expect(row?.addr).toBe('127.0.0.1/32');
    const [fsync] = await query<{ fsync: string }>(cluster.url, 'show fsync');
    expect(fsync?.fsync).toBe('off');

    await cluster.stop();
    expect(existsSync(cluster.dataDir)).toBe(false);
    await expect(query(cluster.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
    await cluster.stop(); // idempotent
  });
});

describe('createTestDatabase', () => {
  it('creates a usable database with a unique, prefixed name', async () => {
    const [a, b] = await Promise.all([createTestDatabase('Identity-Tests'), createTestDatabase('identity-tests')]);
    expect(a.name).toMatch(/^identity_tests_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);

    await query(a.url, 'create table t (id int primary key)');
    await query(a.url, 'insert into t values (1)');
    const tablesInB = await query(b.url, "select 1 from information_schema.tables where table_name = 't'");
    expect(tablesInB).toHaveLength(0);
    await Promise.all([a.drop(), b.drop()]);
  });

  it('drop() removes the database even while a client is still connected', async () => {
    const db = await createTestDatabase();
    const leftOpen = new pg.Client({ connectionString: db.url });
    leftOpen.on('error', () => undefined); // FORCE terminates this connection
    await leftOpen.connect();

    await db.drop();
    const rows = await query(inject('postgresAdminUrl'), `select 1 from pg_database where datname = '${db.name}'`);
    expect(rows).toHaveLength(0);
    await db.drop(); // idempotent
    await leftOpen.end().catch(() => undefined);
  });
});
