import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface MigrationFile {
  /** Directory name, e.g. `20261122024428_init` (= `_prisma_migrations.migration_name`). */
  name: string;
  /** Content of `<name>/migration.sql`. */
  script: string;
}

/**
 * Reads `<dir>/<name>/migration.sql` for every sub-directory, sorted by name (the UTC timestamp
 * prefix makes name order = authoring order, as in Prisma). Directories without a
 * migration.sql are skipped, as Prisma does.
 */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      // A wrong path would otherwise look like "nothing to apply" and start on an empty schema.
      throw new Error(`migrations directory not found: ${migrationsDir}`);
    }
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: MigrationFile[] = [];
  for (const name of names) {
    const path = join(migrationsDir, name, 'migration.sql');
    const exists = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (exists) files.push({ name, script: await readFile(path, 'utf8') });
  }
  return files;
}
