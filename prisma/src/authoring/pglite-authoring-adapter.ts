import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/**
 * Fixes pglite-prisma-adapter 0.7.2 for Prisma's schema engine, which sends whole migration
 * scripts through it:
 * - `executeScript` does not await PGlite's `exec`, so errors and ordering are lost → await it;
 * - a parameterless `executeRaw` goes over the extended protocol, which allows ONE statement
 *   per call → use `exec` (simple protocol), as Postgres' own clients do for scripts.
 * `dispose` closes the PGlite instance so the CLI process can exit.
 */
function withScriptFixes(adapter: SqlDriverAdapter, db: PGlite, dispose: () => Promise<void>): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(inner, property) {
      switch (property) {
        case 'executeScript':
          return async (script: string) => void (await db.exec(script));
        case 'executeRaw':
          return async (query: SqlQuery) => {
            if (query.args.length > 0) return inner.executeRaw(query);
            const results = await db.exec(query.sql);
            return results.at(-1)?.affectedRows ?? 0;
          };
        case 'dispose':
          return dispose;
        default: {
          const value = Reflect.get(inner, property, inner) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
        }
      }
    },
  });
}

/**
 * The driver adapter Prisma 6.19's WASM schema engine uses to author migrations with no server:
 * an in-memory PGlite serves as both the "database" and the shadow database.
 *
 * `migrate diff --from-migrations` asks the main connection one question (does the schema
 * exist?), then replays the migrations into the shadow database and introspects it. One PGlite
 * plays both roles — starting a second one would double the start-up cost (seconds in WASM) —
 * and disposing the shadow closes it, which lets the CLI process exit at once (it only exits on
 * an empty event loop and never disposes the main connection).
 *
 * With `dataDir` it opens that PGlite directory instead (tests ask Prisma's `migrate status`
 * about a directory our migrator prepared); then it must not be open anywhere else.
 */
export function createAuthoringAdapter(options: { dataDir?: string } = {}): SqlMigrationAwareDriverAdapterFactory {
  let db: PGlite | undefined;
  let closing: Promise<void> | undefined;
  const instance = async () => {
    if (closing) throw new Error('the authoring database was already closed');
    db ??= new PGlite(options.dataDir);
    await db.waitReady;
    return db;
  };
  const close = () => {
    closing ??= db ? db.close() : Promise.resolve();
    return closing;
  };
  const connect = async () => {
    const pglite = await instance();
    return withScriptFixes(await new PrismaPGlite(pglite).connect(), pglite, close);
  };
  return {
    provider: 'postgres',
    adapterName: 'agora-pglite-authoring',
    connect,
    connectToShadowDb: connect,
  };
}
