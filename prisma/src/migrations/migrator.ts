import { randomUUID } from 'node:crypto';
import { migrationChecksum, scriptMatchesChecksum } from './checksum';
import { readMigrationFiles } from './migration-files';

/**
 * Prisma's own DDL for its bookkeeping table (schema-engine, postgres flavour). Keeping it
 * identical means `prisma migrate status|deploy` can later take over the same database.
 */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The advisory lock key Prisma's schema engine takes, so our migrator and Prisma's CLI exclude each other. */
export const MIGRATION_ADVISORY_LOCK_KEY = 72707369;

/** A migration applied earlier no longer matches its file: the database and the code disagree. */
export class MigrationChecksumError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `migration ${migrationName} was modified after it was applied: its migration.sql no longer matches ` +
        `the checksum recorded in _prisma_migrations. Restore the file and put the change in a new migration.`,
    );
    this.name = 'MigrationChecksumError';
  }
}

/** A migration started earlier (e.g. by Prisma's CLI) and never finished; a human must resolve it. */
export class FailedMigrationError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `migration ${migrationName} is recorded as started but not finished in _prisma_migrations; ` +
        `fix the database by hand and mark it rolled back (rolled_back_at) before starting again.`,
    );
    this.name = 'FailedMigrationError';
  }
}

/** Applying one migration failed; its transaction was rolled back and nothing was recorded. */
export class MigrationApplyError extends Error {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(`migration ${migrationName} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationApplyError';
  }
}

/** What the migrator needs from a connection; one per driver (pg client, PGlite). */
export interface MigrationSession {
  /** Parameterised statement on the session's single connection. */
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction on the same connection; rolls back when it throws. */
  transaction(fn: (tx: MigrationTransaction) => Promise<void>): Promise<void>;
}
export interface MigrationTransaction {
  /** Multi-statement SQL over the simple query protocol (no parameters). */
  exec(script: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<void>;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Applies the pending migrations of `migrationsDir` in name order, each in its own transaction,
 * under Prisma's advisory lock (several replicas may start at once: the others wait, then find
 * nothing to do). A migration is recorded as Prisma records it: started_at, finished_at,
 * applied_steps_count = 1 (Postgres migrations are one script = one step) and the sha256
 * checksum of the file.
 *
 * Unlike Prisma, each migration runs in a transaction, so a failure leaves neither half-applied
 * DDL nor a failed row behind. The price: statements that refuse to run in a transaction
 * (CREATE INDEX CONCURRENTLY, ...) cannot be used in a migration.
 */
export async function runMigrations(session: MigrationSession, migrationsDir: string): Promise<{ applied: string[] }> {
  const files = await readMigrationFiles(migrationsDir);
  await session.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_ADVISORY_LOCK_KEY]);
  try {
    await session.query(PRISMA_MIGRATIONS_TABLE_DDL);
    const rows = await session.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const done = new Map<string, AppliedRow>();
    for (const row of rows) {
      if (row.rolled_back_at != null) continue; // resolved as rolled back: may be applied again
      if (row.finished_at == null) throw new FailedMigrationError(row.migration_name);
      done.set(row.migration_name, row);
    }
    // Refuse before changing anything: a tampered history means we cannot know what the schema is.
    for (const file of files) {
      const row = done.get(file.name);
      if (row && !scriptMatchesChecksum(file.script, row.checksum)) throw new MigrationChecksumError(file.name);
    }

    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      try {
        await session.transaction(async (tx) => {
          const startedAt = new Date();
          await tx.exec(file.script);
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, $4, 1)`,
            [randomUUID(), migrationChecksum(file.script), file.name, startedAt.toISOString()],
          );
        });
      } catch (error) {
        throw new MigrationApplyError(file.name, error);
      }
      applied.push(file.name);
    }
    return { applied };
  } finally {
    // A session lock also ends with its connection, so a failed unlock must not hide the real error.
    await session.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_ADVISORY_LOCK_KEY]).catch(() => undefined);
  }
}
