import { empty, join, raw, sqltag, Sql } from '@prisma/client/runtime/client';

/**
 * What every generated Prisma client and transaction client offers: enough to run the kernel's
 * SQL against any context's database. The kernel's SQL fragments are Prisma `Sql` objects from
 * the one shared runtime, so a context embeds them in its own `$queryRaw` templates.
 */
export interface RawExecutor {
  $executeRaw(query: Sql): PromiseLike<number>;
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

export { empty, join, raw, sqltag as sql, Sql };
