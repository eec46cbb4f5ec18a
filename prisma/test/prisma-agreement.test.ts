import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, tempDir } from '@agora/testing';
import { describe, expect, it } from 'vitest';
import { deriveAuthoringSchema } from '../src/authoring/derived-schema';
import { offlinePrismaEnv, PRISMA_MIGRATE_CLI, runNode } from '../src/cli/prisma-process';
import { openDatabase, type Database } from '../src/index';
import { copyFixture } from './support/fixture';

const STATUS_CONFIG = fileURLToPath(new URL('./support/prisma-status.config.ts', import.meta.url));

/** Prisma's own verdict (`prisma migrate status`, 6.19 WASM engine) on a database. */
async function prismaStatus(schema: string, target: Record<string, string>) {
  const result = await runNode(PRISMA_MIGRATE_CLI, ['migrate', 'status', '--config', STATUS_CONFIG], {
    cwd: join(schema, '..'),
    env: offlinePrismaEnv({ STATUS_SCHEMA: schema, ...target }),
    // Shorter than the test's timeout, so a hanging CLI is killed rather than orphaned.
    timeoutMs: 150_000,
  });
  return { code: result.code, output: result.stdout + result.stderr };
}

/** A copy of the fixture whose schema Prisma 6.19 can read; its migrations sit beside it. */
async function fixtureForPrisma() {
  const copy = await copyFixture();
  const schema = join(copy.path, 'prisma', 'schema.prisma');
  await writeFile(schema, deriveAuthoringSchema(await readFile(schema, 'utf8')));
  return { copy, schema, migrations: join(copy.path, 'prisma', 'migrations') };
}

async function migrateAndClose(db: Database, migrations: string) {
  try {
    return await db.migrate(migrations);
  } finally {
    await db.close();
  }
}

describe('Prisma agrees with our migrator', () => {
  it('on postgres: `prisma migrate status` reports pending before and up to date after', { timeout: 240_000 }, async () => {
    const { copy, schema, migrations } = await fixtureForPrisma();
    const database = await createTestDatabase('prisma_status');
    try {
      const before = await prismaStatus(schema, { STATUS_DATABASE_URL: database.url });
      expect(before.output).toMatch(/not yet been applied/);
      expect(before.code).not.toBe(0);

      await migrateAndClose(await openDatabase({ url: database.url }), migrations);

      const after = await prismaStatus(schema, { STATUS_DATABASE_URL: database.url });
      expect(after.output).toMatch(/Database schema is up to date/);
      expect(after.code).toBe(0);
    } finally {
      await database.drop();
      await copy.remove();
    }
  });

  it('on a PGlite data directory: migrations persist across reopening and Prisma agrees', { timeout: 240_000 }, async () => {
    const { copy, schema, migrations } = await fixtureForPrisma();
    const data = await tempDir('agora-prisma-pglite-');
    const dataDir = join(data.path, 'notes'); // does not exist yet: openDatabase creates it
    try {
      const first = await migrateAndClose(await openDatabase({ dataDir }), migrations);
      expect(first.applied.length).toBeGreaterThan(0);
      expect(await migrateAndClose(await openDatabase({ dataDir }), migrations)).toEqual({ applied: [] });

      const status = await prismaStatus(schema, { STATUS_PGLITE_DIR: dataDir });
      expect(status.output).toMatch(/Database schema is up to date/);
      expect(status.code).toBe(0);
    } finally {
      await data.remove();
      await copy.remove();
    }
  });

  it('never opens one PGlite data directory twice', { timeout: 120_000 }, async () => {
    const data = await tempDir('agora-prisma-pglite-');
    try {
      const db = await openDatabase({ dataDir: data.path });
      try {
        await expect(openDatabase({ dataDir: data.path })).rejects.toThrow(/already open in this process/);
      } finally {
        await db.close();
      }
      // Closing releases the directory.
      const again = await openDatabase({ dataDir: data.path });
      await again.ping();
      await again.close();
    } finally {
      await data.remove();
    }
  });
});
