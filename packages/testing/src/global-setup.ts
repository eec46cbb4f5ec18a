/**
 * Vitest globalSetup: starts one throwaway Postgres cluster for the whole run (unless
 * TEST_POSTGRES_URL is set) and provides its admin URL as `postgresAdminUrl`.
 *
 * Without Postgres binaries the run still starts (suites that need no database still work) and
 * createTestDatabase() fails with the install instruction instead.
 */
import type { TestProject } from 'vitest/node';
import { PostgresNotInstalledError, startPostgresCluster } from './postgres-cluster';
import type {} from './provided-context';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    project.provide('postgresAdminUrl', external);
    return async () => undefined;
  }
  try {
    const cluster = await startPostgresCluster();
    project.provide('postgresAdminUrl', cluster.url);
    return () => cluster.stop();
  } catch (error) {
    if (!(error instanceof PostgresNotInstalledError)) throw error;
    console.warn(`[@agora/testing] ${error.message}`);
    project.provide('postgresAdminUrl', '');
    return async () => undefined;
  }
}
