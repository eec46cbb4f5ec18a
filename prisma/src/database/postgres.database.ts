import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { runMigrations, type MigrationSession } from '../migrations/migrator';
import { CharAsTextClient } from './char-as-text-client';
import type { Database, DatabaseOptions } from './database';

function sessionOn(client: pg.PoolClient): MigrationSession {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as R[];
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        await fn({
          // No parameters → pg uses the simple query protocol, which accepts many statements.
          exec: async (script) => void (await client.query(script)),
          query: async (sql, params) => void (await client.query(sql, params)),
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
  };
}

export async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    Client: CharAsTextClient,
    max: options.maxConnections ?? 10,
    // Idle connections must not keep a CLI or a finished test process alive.
    allowExitOnIdle: true,
  });
  pool.on('error', (error) => options.onConnectionError?.(error));
  let closed: Promise<void> | undefined;

  return {
    kind: 'postgres',
    adapter: new PrismaPg(pool, { onPoolError: options.onConnectionError, onConnectionError: options.onConnectionError }),
    async migrate(migrationsDir) {
      // Session-level advisory locks belong to one connection: run the whole plan on one client.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await runMigrations(sessionOn(client), migrationsDir);
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A client whose transaction failed is discarded rather than reused.
        client.release(broken);
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
