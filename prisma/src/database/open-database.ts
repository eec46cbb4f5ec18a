import type { Database, DatabaseOptions } from './database';
import { openPGlite } from './pglite.database';
import { openPostgres } from './postgres.database';

/**
 * Opens a context's database: Postgres through `@prisma/adapter-pg` when `url` is set, otherwise
 * embedded PGlite (a directory on disk, or memory for tests). Nothing is migrated here: call
 * `migrate()` at start-up so readiness can report it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  return openPGlite(options);
}
