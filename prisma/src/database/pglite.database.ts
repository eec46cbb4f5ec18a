import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { runMigrations, type MigrationSession } from '../migrations/migrator';
import type { Database, DatabaseOptions } from './database';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { pgliteClusterTemplate } from './pglite-template';

function sessionOn(db: PGlite): MigrationSession {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      return (await db.query<R>(sql, params)).rows;
    },
    async transaction(fn) {
      await db.transaction(async (tx: Transaction) => {
        await fn({
          // exec = simple query protocol: a migration file holds many statements.
          exec: async (script) => void (await tx.exec(script)),
          query: async (sql, params) => void (await tx.query(sql, params)),
        });
      });
    },
  };
}

export async function openPGlite(options: DatabaseOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let db: PGlite;
  if (options.memory) {
    // A new cluster: loaded from the initdb template when there is one (see pglite-template.ts).
    const template = await pgliteClusterTemplate();
    db = template ? new PGlite({ loadDataDir: template }) : new PGlite();
  } else {
    if (!options.dataDir) throw new Error('openDatabase: set `url` (Postgres), `dataDir` (PGlite) or `memory: true`');
    await mkdir(options.dataDir, { recursive: true });
    lock = await lockDataDir(options.dataDir);
    // An existing cluster is opened as it is; an empty directory gets the initdb template.
    const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
    const template = fresh ? await pgliteClusterTemplate() : undefined;
    db = template ? new PGlite({ dataDir: options.dataDir, loadDataDir: template }) : new PGlite(options.dataDir);
  }
  try {
    await db.waitReady;
  } catch (error) {
    await lock?.release();
    throw error;
  }
  let closed: Promise<void> | undefined;

  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(db),
    migrate: (migrationsDir) => runMigrations(sessionOn(db), migrationsDir),
    async ping() {
      await db.query('SELECT 1');
    },
    close() {
      // Closing flushes and shuts PGlite's Postgres down cleanly; killing it mid-write is what corrupts a data dir.
      closed ??= (async () => {
        try {
          if (!db.closed) await db.close();
        } finally {
          await lock?.release();
        }
      })();
      return closed;
    },
  };
}
