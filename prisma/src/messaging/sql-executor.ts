/** What Prisma clients and transaction clients both offer; enough for the shared SQL below. */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** A Prisma client that can open interactive transactions. */
export interface TransactionalClient<Tx extends SqlExecutor = SqlExecutor> extends SqlExecutor {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/** `$1, $2, …` for `count` parameters starting after `offset`, each with an optional cast. */
export function placeholders(count: number, offset = 0, cast = ''): string {
  return Array.from({ length: count }, (_, i) => `$${offset + i + 1}${cast}`).join(', ');
}
