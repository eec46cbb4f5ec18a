// What `@agora/testing/global-setup` provides to every test file through vitest's inject().
// Kept in its own module so the augmentation is visible wherever @agora/testing is compiled.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's Postgres cluster; empty when none could be started. */
    postgresAdminUrl: string;
  }
}
