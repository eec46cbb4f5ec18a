/**
 * @agora/prisma-kit — shared Prisma tooling for every context (ARCHITECTURE.md §5).
 *
 * - openDatabase: Postgres (driver adapter `pg`) when a URL is configured, otherwise embedded
 *   PGlite in a data directory; migrations applied in-process at start-up.
 * - outbox / inbox SQL shared by every context (tables defined in `models/messaging.prisma`,
 *   copied into each context's prisma/schema folder by `agora-prisma generate`).
 * - the unit of work every context runs its commands and consumed events in (one transaction:
 *   writes + outbox rows + inbox row; relay wake after a commit that wrote outbox rows).
 * - statement counting for N+1 tests.
 *
 * Authoring migrations and generating clients is the `agora-prisma` CLI (see README.md).
 */
export type { Database, DatabaseOptions } from './database/database';
export { openDatabase } from './database/open-database';

export type { SqlExecutor, TransactionalClient } from './messaging/sql-executor';
export { appendToOutbox, createOutboxStore } from './messaging/outbox';
export { handleOnce } from './messaging/inbox';
export type { DomainEventOutbox, TransactionOutbox, UnitOfWorkOptions } from './messaging/unit-of-work';
export { createUnitOfWork, eventOutbox, TransactionalUnitOfWork } from './messaging/unit-of-work';

export { uuidArray, uuidList, uuidValues } from './sql/id-lists';

export type { StatementCounter } from './statements/count-statements';
export { countStatements } from './statements/count-statements';

export {
  FailedMigrationError,
  MigrationApplyError,
  MigrationChecksumError,
  MIGRATION_ADVISORY_LOCK_KEY,
  PRISMA_MIGRATIONS_TABLE_DDL,
} from './migrations/migrator';
export { migrationChecksum } from './migrations/checksum';
