import { openDatabase, type Database, type SqlExecutor } from '@agora/prisma-kit';
import { createTestDatabase } from '@agora/testing';
import type { SqlDriverAdapter, SqlQueryable } from '@prisma/driver-adapter-utils';

/**
 * The `mail_outbox` table as the contexts' migrations create it (canonical model:
 * prisma/mail-outbox.prisma; identity's and notifications' migrations carry this DDL).
 */
const MAIL_OUTBOX_DDL = [
  `CREATE TABLE "mail_outbox" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id"))`,
  `CREATE INDEX "mail_outbox_sent_at_failed_at_next_attempt_at_idx" ON "mail_outbox"("sent_at", "failed_at", "next_attempt_at")`,
];

/** SqlExecutor (what a Prisma client offers) straight over a Prisma driver adapter: no generated client needed. */
function executorOver(queryable: SqlQueryable): SqlExecutor {
  const query = (sql: string, args: unknown[]) => ({
    sql,
    args,
    argTypes: args.map(() => ({ scalarType: 'unknown' as const, arity: 'scalar' as const })),
  });
  return {
    $executeRawUnsafe: (sql, ...args) => queryable.executeRaw(query(sql, args)),
    async $queryRawUnsafe<T>(sql: string, ...args: unknown[]): Promise<T> {
      const result = await queryable.queryRaw(query(sql, args));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]]))) as T;
    },
  };
}

export interface TestDb extends SqlExecutor {
  kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R>;
  /** All rows of mail_outbox, oldest first. */
  rows(): Promise<OutboxRow[]>;
  dispose(): Promise<void>;
}

export interface OutboxRow {
  id: string;
  attempts: number;
  sent: boolean;
  failed: boolean;
  claimed: boolean;
  last_error: string | null;
  next_attempt_ms: number;
}

async function wrap(kind: TestDb['kind'], database: Database, drop: () => Promise<void>): Promise<TestDb> {
  const adapter: SqlDriverAdapter = await database.adapter.connect();
  const executor = executorOver(adapter);
  for (const statement of MAIL_OUTBOX_DDL) await executor.$executeRawUnsafe(statement);
  return {
    kind,
    ...executor,
    async transaction(work) {
      const tx = await adapter.startTransaction();
      // Without a "phantom" transaction (adapter-pg) the engine itself sends COMMIT / ROLLBACK
      // before commit() / rollback() hand the connection back; do what it does.
      const finish = async (statement: 'COMMIT' | 'ROLLBACK') => {
        if (!tx.options.usePhantomQuery) await tx.executeRaw({ sql: statement, args: [], argTypes: [] });
        await (statement === 'COMMIT' ? tx.commit() : tx.rollback());
      };
      try {
        const result = await work(executorOver(tx));
        await finish('COMMIT');
        return result;
      } catch (error) {
        await finish('ROLLBACK');
        throw error;
      }
    },
    async rows() {
      const rows = await executor.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT id::text AS id, attempts, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed, claimed_until IS NOT NULL AS claimed,
                last_error, (extract(epoch FROM next_attempt_at) * 1000)::float8 AS next_attempt_ms
           FROM mail_outbox ORDER BY created_at, id`,
      );
      return rows.map((row) => ({
        id: String(row.id),
        attempts: Number(row.attempts),
        sent: Boolean(row.sent),
        failed: Boolean(row.failed),
        claimed: Boolean(row.claimed),
        last_error: (row.last_error as string | null) ?? null,
        next_attempt_ms: Number(row.next_attempt_ms),
      }));
    },
    async dispose() {
      await adapter.dispose();
      await database.close();
      await drop();
    },
  };
}

/** Every behaviour is proven on both back ends: embedded PGlite and a real Postgres. */
export const backends = [
  {
    kind: 'pglite' as const,
    open: async () => wrap('pglite', await openDatabase({ memory: true }), async () => undefined),
  },
  {
    kind: 'postgres' as const,
    async open() {
      const test = await createTestDatabase('mail');
      return wrap('postgres', await openDatabase({ url: test.url }), () => test.drop());
    },
  },
];
