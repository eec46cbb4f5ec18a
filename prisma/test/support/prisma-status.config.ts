/**
 * Prisma 6.19 config used by the tests to ask Prisma's own `migrate status` about a database our
 * migrator prepared: Postgres through prisma-kit's pg adapter, or a PGlite data directory.
 */
import { defineConfig } from 'prisma-migrate/config';
import { createAuthoringAdapter } from '../../src/authoring/pglite-authoring-adapter';
import { openDatabase } from '../../src/index';

const { STATUS_SCHEMA, STATUS_DATABASE_URL, STATUS_PGLITE_DIR } = process.env;
if (!STATUS_SCHEMA) throw new Error('STATUS_SCHEMA is not set');

if (STATUS_PGLITE_DIR) {
  // `migrate status` never disposes its connection, and an on-disk PGlite keeps re-arming a 10 s
  // Postgres timer, so the CLI would never exit. Unref long timers in this short-lived process:
  // its work is promise-driven, so nothing it needs is lost.
  const setTimeoutOriginal = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = setTimeoutOriginal(callback, ms, ...args);
    if ((ms ?? 0) >= 1000) timer.unref();
    return timer;
  }) as typeof setTimeout;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: STATUS_SCHEMA,
  adapter: async () => {
    if (STATUS_DATABASE_URL) return (await openDatabase({ url: STATUS_DATABASE_URL })).adapter as never;
    return createAuthoringAdapter({ dataDir: STATUS_PGLITE_DIR }) as never;
  },
});
