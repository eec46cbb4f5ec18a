import { startNats } from './nats-server';
import { createTestDatabase } from './test-database';

/** Where a context's integration suite runs: embedded PGlite in memory, or a fresh database on the run's Postgres cluster. */
export type Backend = 'pglite' | 'postgres';

export interface BackendSetup {
  /** The env a context's config is parsed from: `NATS_URL`, and `<CTX>_DATABASE_URL` on Postgres (as production configures it). */
  env: Record<string, string>;
  /** Runtime overrides for the context's start function: `{ database: { memory: true } }` on PGlite. */
  overrides: { database?: { memory: true } };
}

/**
 * Starts what one suite needs on one backend — NATS and, on Postgres, a database of its own —
 * then the suite's own parts (`start`). The result gains `close()`, which stops the suite's parts
 * (`stop`) and then the infrastructure; a failing `start` leaves nothing running.
 */
export async function startOnBackend<T>(
  backend: Backend,
  context: string,
  start: (setup: BackendSetup) => Promise<T>,
  stop: (started: T) => Promise<void>,
): Promise<T & { close(): Promise<void> }> {
  const nats = await startNats();
  const cleanup: (() => Promise<unknown>)[] = [() => nats.stop()];
  const env: Record<string, string> = { NATS_URL: nats.url };
  const overrides: BackendSetup['overrides'] = {};
  try {
    if (backend === 'postgres') {
      const database = await createTestDatabase(context);
      cleanup.unshift(() => database.drop());
      env[`${context.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DATABASE_URL`] = database.url;
    } else {
      overrides.database = { memory: true };
    }
    const started = await start({ env, overrides });
    return { ...started, close: async () => (await stop(started), await unwind(cleanup)) };
  } catch (error) {
    await unwind(cleanup);
    throw error;
  }
}

async function unwind(steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps.splice(0)) await step();
}
