/**
 * @agora/testing — real infrastructure for tests: ephemeral NATS JetStream servers, a throwaway
 * Postgres cluster (started once per test run by `@agora/testing/global-setup`, unless
 * TEST_POSTGRES_URL is given) with a fresh database per test, temp dirs, free ports, and
 * condition-based waiting (never sleeps).
 */

/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;

export interface NatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Stops the server (SIGTERM, waits for exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store directory (after stop). */
  restart(): Promise<void>;
}
/** Starts `nats-server -js` on 127.0.0.1 and a free port with a temp store dir; waits until it accepts connections. */
export declare function startNats(options?: { storeDir?: string }): Promise<NatsServer>;

export interface PostgresCluster {
  /** Admin URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}
/** initdb + pg_ctl (as the `postgres` user when run as root) on a free port, trust auth, 127.0.0.1 only. */
export declare function startPostgresCluster(): Promise<PostgresCluster>;

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}
/** CREATE DATABASE with a unique name on the run's cluster (inject('postgresAdminUrl') or TEST_POSTGRES_URL). */
export declare function createTestDatabase(prefix?: string): Promise<TestDatabase>;

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}
export declare function tempDir(prefix?: string): Promise<TempDir>;

/** Polls `probe` until it returns a value other than undefined/false/null; throws with `message` after timeoutMs (default 10 s). */
export declare function waitFor<T>(probe: () => T | Promise<T>, options?: { timeoutMs?: number; intervalMs?: number; message?: string }): Promise<Exclude<T, undefined | false | null>>;

export interface GraphQLResponse<D = any> {
  status: number;
  data?: D;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}
/** POSTs a GraphQL operation; `token` becomes `Authorization: Bearer`; `headers` are added as-is. */
export declare function gql<D = any>(url: string, query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<D>>;
