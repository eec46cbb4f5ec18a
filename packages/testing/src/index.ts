/**
 * @agora/testing — real infrastructure for tests: ephemeral NATS JetStream servers, a throwaway
 * Postgres cluster (started once per test run by `@agora/testing/global-setup`, unless
 * TEST_POSTGRES_URL is given) with a fresh database per test, temp dirs, free ports, and
 * condition-based waiting (never sleeps).
 *
 * Every server and temp dir started here is guarded: if the process that started it dies (even
 * by SIGKILL), a watchdog stops/removes it, so a crashed test run leaves no orphans.
 */
export { CHROMIUM_PATH, chromiumLaunchOptions } from './chromium';
export { freePort } from './free-port';
export { startNats, natsAcceptsConnections, type NatsAuth, type NatsAuthUser, type NatsServer, type StartNatsOptions } from './nats-server';
export { startPostgresCluster, PostgresNotInstalledError, type PostgresCluster } from './postgres-cluster';
export { createTestDatabase, type TestDatabase } from './test-database';
export { tempDir, type TempDir } from './temp-dir';
export { waitFor, type WaitForOptions } from './wait-for';
export { TestClock } from './test-clock';
export { shuffled } from './shuffled';
export { startOnBackend, type Backend, type BackendSetup } from './backend-suite';
export { gql, type GraphQLResponse } from './gql';
export { publishEnvelope, type EnvelopePublisher } from './publish-envelope';
export { outboxDrained, publishedSince, streamPosition, type OutboxReader, type StreamReader } from './published-events';
// Process helpers shared with @agora/devstack.
export { findExecutable, findNatsServer, findPostgresBinDir } from './executables';
export { guardDirectory, guardProcess, type OrphanGuard } from './orphan-guard';
export {
  spawnManaged,
  waitUntilReady,
  describeExit,
  type ManagedProcess,
  type ManagedProcessOptions,
  type ProcessExit,
} from './managed-process';
export { isProcessRunning } from './process-state';
export { inspectSdl, type SdlInspector } from './sdl';
