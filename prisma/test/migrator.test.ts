import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationChecksum, MigrationApplyError, MigrationChecksumError, openDatabase } from '../src/index';
import { backends, type OpenedDatabase } from './support/databases';
import { copyFixture, FIXTURE_MIGRATIONS } from './support/fixture';
import { rawQuery } from './support/raw-query';
import type { TempDir } from '@agora/testing';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
  applied_steps_count: number;
  logs: string | null;
}

const fixtureNames = async () =>
  (await readdir(FIXTURE_MIGRATIONS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

async function tables(opened: OpenedDatabase): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(
    opened.db,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

describe.each(backends)('migrate() on $kind', (backend) => {
  let opened: OpenedDatabase;
  let copy: TempDir | undefined;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(async () => {
    await opened.dispose();
    await copy?.remove();
    copy = undefined;
  });

  it('applies every migration once and records it as Prisma does', async () => {
    const names = await fixtureNames();
    expect(await opened.db.migrate(FIXTURE_MIGRATIONS)).toEqual({ applied: names });
    expect(await tables(opened)).toEqual(['_prisma_migrations', 'inbox', 'note', 'outbox']);

    const rows = await rawQuery<MigrationRow>(
      opened.db,
      `SELECT migration_name, checksum, finished_at::text, rolled_back_at::text, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(names.length);
    for (const [i, row] of rows.entries()) {
      const script = await readFile(join(FIXTURE_MIGRATIONS, names[i]!, 'migration.sql'), 'utf8');
      expect(row).toMatchObject({
        migration_name: names[i],
        checksum: migrationChecksum(script),
        rolled_back_at: null,
        applied_steps_count: 1,
        logs: null,
      });
      expect(row.finished_at).not.toBeNull();
    }

    expect(await opened.db.migrate(FIXTURE_MIGRATIONS)).toEqual({ applied: [] });
    expect(await rawQuery(opened.db, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(names.length);
  });

  it("creates the bookkeeping table with Prisma's columns", async () => {
    await opened.db.migrate(FIXTURE_MIGRATIONS);
    const columns = await rawQuery<{ column_name: string; data_type: string; is_nullable: string }>(
      opened.db,
      `SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO' },
    ]);
  });

  it('refuses to start when an applied migration was edited, naming it, and applies nothing', async () => {
    copy = await copyFixture();
    const migrations = join(copy.path, 'prisma', 'migrations');
    const [first] = await fixtureNames();
    await opened.db.migrate(migrations);

    const file = join(migrations, first!, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\nALTER TABLE "note" ADD COLUMN "sneaky" TEXT;\n`);
    await mkdir(join(migrations, '29990101000000_pending'));
    await writeFile(join(migrations, '29990101000000_pending', 'migration.sql'), 'CREATE TABLE "pending" ("id" INT);\n');

    const failure = opened.db.migrate(migrations);
    await expect(failure).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(failure).rejects.toThrow(new RegExp(`migration ${first} was modified after it was applied`));
    expect(await tables(opened)).not.toContain('pending');
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    copy = await copyFixture();
    const migrations = join(copy.path, 'prisma', 'migrations');
    await mkdir(join(migrations, '29990101000000_broken'));
    await writeFile(
      join(migrations, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half" ("id" INT);\nALTER TABLE "no_such_table" ADD COLUMN "x" INT;\n',
    );

    const failure = opened.db.migrate(migrations);
    await expect(failure).rejects.toBeInstanceOf(MigrationApplyError);
    await expect(failure).rejects.toThrow(/migration 29990101000000_broken failed and was rolled back: .*no_such_table/);
    expect(await tables(opened)).not.toContain('half');
    const recorded = await rawQuery<{ migration_name: string }>(opened.db, 'SELECT migration_name FROM _prisma_migrations');
    expect(recorded.map((row) => row.migration_name)).toEqual(await fixtureNames());
  });

  it('reports a wrong migrations path instead of starting on an empty schema', async () => {
    await expect(opened.db.migrate(join(FIXTURE_MIGRATIONS, 'nope'))).rejects.toThrow(/migrations directory not found/);
  });
});

describe('migrate() on postgres with several replicas starting at once', () => {
  it('applies each migration exactly once (advisory lock)', async () => {
    const first = await backends[1].open();
    const second = await openDatabase({ url: first.url! });
    try {
      const results = await Promise.all([first.db.migrate(FIXTURE_MIGRATIONS), second.migrate(FIXTURE_MIGRATIONS)]);
      const names = await fixtureNames();
      expect([...results[0].applied, ...results[1].applied].sort()).toEqual(names);
      expect(await rawQuery(first.db, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(names.length);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
