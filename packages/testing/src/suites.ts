/**
 * @agora/testing/suites — shared vitest suites the contexts run with their own parameters: the
 * lifecycle suite (start-up, restarts, health, shutdown, the process) and the config suite.
 *
 * A subpath, not the package index: these import vitest, and the index is also loaded outside
 * tests (the dev stack), where the test runner has no business.
 */
export {
  defineLifecycleSuite,
  health,
  runTsx,
  type HealthResponse,
  type InProcessLifecycle,
  type LifecycleApp,
  type LifecycleEnv,
  type LifecycleSuiteOptions,
  type TsxRun,
} from './lifecycle-suite';
export { defineConfigSuite, type ConfigSchemaLike, type ConfigSuiteOptions } from './config-suite';
