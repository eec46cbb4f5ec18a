import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export interface DatabaseOptions {
  /** postgres://… — when set, Postgres is used. */
  url?: string;
  /** PGlite data directory (created if missing) — used when `url` is not set. */
  dataDir?: string;
  /** PGlite in memory (tests); ignored when `url` is set. */
  memory?: boolean;
  /** Postgres only: pool size (default 10). */
  maxConnections?: number;
  /**
   * Postgres only: called when an idle pooled connection fails (server restart, network). The pool
   * drops that connection and opens a new one on demand; without a listener Node would crash.
   */
  onConnectionError?: (error: Error) => void;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  /** Pass to `new PrismaClient({ adapter })`. */
  adapter: SqlDriverAdapterFactory;
  /**
   * Applies pending `<migrationsDir>/<name>/migration.sql` in name order, each in its own
   * transaction under an advisory lock, recording them in `_prisma_migrations` with Prisma's
   * checksum. Fails if an applied migration's checksum changed.
   */
  migrate(migrationsDir: string): Promise<{ applied: string[] }>;
  /** Cheap round trip (`SELECT 1`) for readiness. */
  ping(): Promise<void>;
  /** Closes pools / PGlite (call after PrismaClient.$disconnect()). */
  close(): Promise<void>;
}
