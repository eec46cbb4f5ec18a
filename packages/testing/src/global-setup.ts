/**
 * Vitest globalSetup: starts one throwaway Postgres cluster for the whole run (unless
 * TEST_POSTGRES_URL is set) and provides its admin URL as `postgresAdminUrl`.
 */
import type { TestProject } from 'vitest/node';
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  throw new Error('not implemented');
}
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
