import { createTestDatabase } from '@agora/testing';
import { openDatabase, type Database } from '../../src/index';

export interface OpenedDatabase {
  db: Database;
  /** Postgres URL, when the database is Postgres. */
  url?: string;
  /** Closes the database and drops what the test created. */
  dispose(): Promise<void>;
}

/** The two back ends every behaviour is proven on: embedded PGlite and a real Postgres 15. */
export const backends = [
  {
    kind: 'pglite',
    async open(): Promise<OpenedDatabase> {
      const db = await openDatabase({ memory: true });
      return { db, dispose: () => db.close() };
    },
  },
  {
    kind: 'postgres',
    async open(): Promise<OpenedDatabase> {
      const test = await createTestDatabase('prisma_kit');
      const db = await openDatabase({ url: test.url });
      return {
        db,
        url: test.url,
        async dispose() {
          await db.close();
          await test.drop();
        },
      };
    },
  },
] as const;
