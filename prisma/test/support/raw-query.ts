import type { Database } from '../../src/index';

/** Runs SQL through the database's Prisma driver adapter (no generated client needed) and returns row objects. */
export async function rawQuery<R = Record<string, unknown>>(db: Database, sql: string, args: unknown[] = []): Promise<R[]> {
  const connection = await db.adapter.connect();
  try {
    const result = await connection.queryRaw({ sql, args, argTypes: args.map(() => ({ scalarType: 'unknown', arity: 'scalar' })) });
    return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])) as R);
  } finally {
    await connection.dispose();
  }
}
