import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/index';
import { pgliteClusterTemplateFile } from '../src/database/pglite-template';

/** A real context's migrations (several tables, indexes, constraints, functions). */
const migrations = fileURLToPath(new URL('../../subgraphs/social/prisma/migrations', import.meta.url));

/** Everything initdb + migrate decide, read back through SQL: catalogs, schema, settings, bookkeeping. */
async function snapshot(db: PGlite): Promise<Record<string, unknown>> {
  const rows = async (sql: string) => (await db.query(sql)).rows;
  return {
    relations: await rows(
      `SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1, 2, 3`,
    ),
    columns: await rows(
      `SELECT table_schema, table_name, column_name, data_type, column_default, is_nullable
         FROM information_schema.columns ORDER BY 1, 2, ordinal_position`,
    ),
    indexes: await rows(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes ORDER BY 1, 2, 3`),
    constraints: await rows(
      `SELECT conrelid::regclass::text AS rel, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint ORDER BY 1, 2, 3`,
    ),
    functions: await rows(`SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args FROM pg_proc p ORDER BY 1, 2`),
    databases: await rows(`SELECT datname, pg_encoding_to_char(encoding) AS enc, datcollate, datctype FROM pg_database ORDER BY 1`),
    roles: await rows(`SELECT rolname, rolsuper FROM pg_roles ORDER BY 1`),
    settings: await rows(`SELECT name, setting FROM pg_settings WHERE name NOT IN ('data_directory') ORDER BY 1`),
    migrations: await rows(
      `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at
         FROM "_prisma_migrations" ORDER BY migration_name`,
    ),
  };
}

/** The PGlite under a Database (only for inspection in this test). */
function inspectable(db: Database): PGlite {
  return (db.adapter as unknown as { client: PGlite }).client;
}

const opened: Database[] = [];
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  delete process.env.AGORA_PGLITE_TEMPLATE;
  delete process.env.AGORA_PGLITE_TEMPLATE_DIR;
});

async function open(options: Parameters<typeof openDatabase>[0], template: boolean): Promise<Database> {
  if (template) delete process.env.AGORA_PGLITE_TEMPLATE;
  else process.env.AGORA_PGLITE_TEMPLATE = 'off';
  const db = await openDatabase(options);
  delete process.env.AGORA_PGLITE_TEMPLATE;
  opened.push(db);
  return db;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agora-template-test-'));
  temps.push(dir);
  return dir;
}

describe('PGlite cluster template', () => {
  it('a database made from the template is what initdb + migrate make: same catalogs, schema, settings and migrations table', async () => {
    const fromTemplate = await open({ memory: true }, true);
    const fromInitdb = await open({ memory: true }, false);
    expect(await fromTemplate.migrate(migrations)).toEqual(await fromInitdb.migrate(migrations));

    const made = await snapshot(inspectable(fromTemplate));
    expect((made.migrations as unknown[]).length).toBeGreaterThan(0);
    expect(made).toEqual(await snapshot(inspectable(fromInitdb)));
  });

  it('an empty data directory becomes a cluster from the template, which reopens with its data and needs no migration again', async () => {
    const dataDir = join(await tempDir(), 'social');
    const first = await open({ dataDir }, true);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const { applied } = await first.migrate(migrations);
    expect(applied.length).toBeGreaterThan(0);
    await inspectable(first).query(`CREATE TABLE kept (v int)`);
    await inspectable(first).query(`INSERT INTO kept VALUES (42)`);
    const before = await snapshot(inspectable(first));
    await first.close();

    const again = await open({ dataDir }, true);
    expect(await again.migrate(migrations)).toEqual({ applied: [] });
    expect((await inspectable(again).query('SELECT v FROM kept')).rows).toEqual([{ v: 42 }]);
    expect(await snapshot(inspectable(again))).toEqual(before);
  });

  it('is made once: concurrent first uses publish one complete file by rename and leave no temporary file behind', async () => {
    const cache = await tempDir();
    process.env.AGORA_PGLITE_TEMPLATE_DIR = cache;
    const files = await Promise.all([pgliteClusterTemplateFile(), pgliteClusterTemplateFile(), pgliteClusterTemplateFile()]);
    expect(new Set(files).size).toBe(1);
    expect(files[0]).toMatch(/cluster-\d+\.\d+\.\d+\.tar$/);
    expect((await stat(files[0]!)).size).toBeGreaterThan(1_000_000);
    expect(await readdir(cache)).toEqual([files[0]!.split('/').pop()]);
  });
});
