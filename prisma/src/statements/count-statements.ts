import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/** Counts SQL statements sent through an adapter (wraps the factory). */
export interface StatementCounter {
  adapter: SqlDriverAdapterFactory;
  /** Statements since the last reset, in order. */
  readonly statements: string[];
  reset(): void;
}

type Recorder = (sql: string) => void;

/**
 * Proxies a queryable so `queryRaw`/`executeRaw` are recorded; everything else (dispose,
 * getConnectionInfo, underlyingDriver, ...) passes through untouched.
 */
function recording<T extends object>(target: T, record: Recorder): T {
  return new Proxy(target, {
    get(inner, property) {
      const value = Reflect.get(inner, property, inner) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (query: SqlQuery) => {
          record(query.sql);
          return (value as (q: SqlQuery) => Promise<unknown>).call(inner, query);
        };
      }
      if (property === 'startTransaction') {
        // Statements inside interactive transactions go through the transaction object.
        return async (...args: unknown[]) =>
          recording((await (value as (...a: unknown[]) => Promise<Transaction>).apply(inner, args)) as Transaction, record);
      }
      return (value as (...a: unknown[]) => unknown).bind(inner);
    },
  });
}

/**
 * Wraps an adapter factory so every statement the Prisma client sends (also inside
 * transactions) is recorded — for N+1 tests: "a page of 50 posts costs one query".
 * What is counted is what reaches the adapter: on Postgres that includes BEGIN/COMMIT of
 * interactive transactions, on PGlite it does not (its transactions are driver-managed).
 */
export function countStatements(adapter: SqlDriverAdapterFactory): StatementCounter {
  const statements: string[] = [];
  const record: Recorder = (sql) => void statements.push(sql);
  const factory = new Proxy(adapter, {
    get(inner, property) {
      const value = Reflect.get(inner, property, inner) as unknown;
      if (property === 'connect') {
        return async () => recording((await (value as () => Promise<SqlDriverAdapter>).call(inner)) as SqlDriverAdapter, record);
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
    },
  });
  return {
    adapter: factory,
    statements,
    reset() {
      statements.length = 0;
    },
  };
}
