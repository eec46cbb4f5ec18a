/**
 * @agora/prisma-kit — shared Prisma tooling for every context (ARCHITECTURE.md §5).
 *
 * - openDatabase: Postgres (driver adapter `pg`) when a URL is configured, otherwise embedded
 *   PGlite in a data directory; migrations applied in-process at start-up.
 * - outbox / inbox SQL shared by every context (tables defined in `models/messaging.prisma`,
 *   copied into each context's prisma/schema folder by `agora-prisma generate`).
 * - statement counting for N+1 tests.
 */
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { EventEnvelope } from '@agora/events';
import type { OutboxStore } from '@agora/messaging';

export interface DatabaseOptions {
  /** postgres://… — when set, Postgres is used. */
  url?: string;
  /** PGlite data directory (created if missing) — used when `url` is not set. */
  dataDir?: string;
  /** PGlite in memory (tests); ignored when `url` is set. */
  memory?: boolean;
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
export declare function openDatabase(options: DatabaseOptions): Promise<Database>;

/** What Prisma clients and transaction clients both offer; enough for the shared SQL below. */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}
/** A Prisma client that can open interactive transactions. */
export interface TransactionalClient<Tx extends SqlExecutor = SqlExecutor> extends SqlExecutor {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/** Inserts envelopes into `outbox` inside the caller's transaction. */
export declare function appendToOutbox(tx: SqlExecutor, events: EventEnvelope[]): Promise<void>;

/** OutboxStore over the context's `outbox` table. */
export declare function createOutboxStore(db: SqlExecutor): OutboxStore;

/**
 * Runs `effect` and records (consumer, event id) in `inbox` in ONE transaction. Returns false
 * (and runs nothing) when that consumer already processed the event.
 */
export declare function handleOnce<Tx extends SqlExecutor>(
  client: TransactionalClient<Tx>,
  consumer: string,
  eventId: string,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean>;

/** Counts SQL statements sent through an adapter (wraps the factory). */
export interface StatementCounter {
  adapter: SqlDriverAdapterFactory;
  /** Statements since the last reset, in order. */
  readonly statements: string[];
  reset(): void;
}
export declare function countStatements(adapter: SqlDriverAdapterFactory): StatementCounter;
