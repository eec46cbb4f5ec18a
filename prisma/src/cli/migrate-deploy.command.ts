import { join, resolve } from 'node:path';
import { openDatabase } from '../database/open-database';
import { CliError } from './cli-error';
import { databaseUrlVariable, type ContextPaths } from './context-paths';
import type { Output } from './generate.command';

export interface DeployOptions {
  /** Overrides `<CTX>_DATABASE_URL`. */
  url?: string;
  /** Overrides the PGlite directory `<DATA_DIR or .data>/<context>`. */
  dataDir?: string;
}

/**
 * `agora-prisma migrate:deploy`: applies pending migrations with the same in-process migrator
 * the services run at start-up — to `<CTX>_DATABASE_URL` when set, else to the context's PGlite
 * directory (which must not be open in a running service at the same time).
 */
export async function migrateDeploy(paths: ContextPaths, options: DeployOptions, out: Output): Promise<void> {
  const url = options.url ?? process.env[databaseUrlVariable(paths.name)] ?? undefined;
  const dataDir = options.dataDir ?? resolve(join(process.env.DATA_DIR ?? '.data', paths.name));
  const db = await openDatabase(url ? { url } : { dataDir }).catch((error: Error) => {
    throw new CliError(`${paths.name}: cannot open the database: ${error.message}`);
  });
  try {
    const { applied } = await db.migrate(paths.migrations);
    const target = url ? databaseUrlVariable(paths.name) : dataDir;
    out.info(
      applied.length ? `${paths.name}: applied ${applied.join(', ')} (${target})` : `${paths.name}: database is up to date (${target})`,
    );
  } catch (error) {
    throw new CliError(`${paths.name}: ${(error as Error).message}`);
  } finally {
    await db.close();
  }
}
