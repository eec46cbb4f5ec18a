/**
 * One vitest project per workspace package, named by its package.json name, so that
 * `vitest run --project @agora/identity` (what every package's `test` script runs) works, plus
 * `e2e` for the top-level end-to-end folder. Folders that do not exist yet are skipped.
 *
 * The Postgres cluster is started once per run by the ROOT globalSetup: vitest always runs the
 * root project's globalSetup and every project inherits what it provides. Projects deliberately
 * do not `extends: true` the root config, which would start one cluster per project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * One copy of graphql-js for everybody. Vite would load graphql's ESM build (`module` field) for
 * our sources while Apollo and graphql-tools `require()` the CommonJS build; two copies of its
 * classes fail its `instanceof` checks ("from another module or realm"). Node itself (tsx) has
 * no such split, so pinning vitest to the CommonJS entry makes tests match production.
 */
const singleGraphql = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };

/** What every project shares: integration tests start real servers, so timeouts are generous. */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Child processes (servers, PGlite's WASM) are sturdier in forked workers than in threads.
  pool: 'forks',
} as const;

function packageDirs(): string[] {
  const dirs = ['prisma', 'gateway'];
  for (const parent of ['packages', 'subgraphs']) {
    const abs = join(root, parent);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
    }
  }
  return dirs.filter((dir) => existsSync(join(root, dir, 'package.json'))).sort();
}

function project(
  name: string,
  dir: string,
  include: string[],
  timeouts: { testTimeout?: number; hookTimeout?: number } = {},
): TestProjectInlineConfiguration {
  return {
    resolve: singleGraphql,
    test: {
      ...shared,
      ...timeouts,
      name,
      root,
      include: include.map((glob) => `${dir}/${glob}`),
      exclude: ['**/node_modules/**', '**/__generated__/**'],
    },
  };
}

const projects: TestProjectInlineConfiguration[] = packageDirs().map((dir) => {
  const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name?: string };
  return project(name ?? relative(root, join(root, dir)), dir, ['src/**/*.test.ts', 'test/**/*.test.ts']);
});
if (existsSync(join(root, 'e2e'))) {
  // End-to-end suites start the whole platform (fresh PGlite directories, five processes) while
  // another worker runs tests: on two busy cores that can take minutes, so hooks and tests that
  // (re)start it get more room than unit and integration tests.
  projects.push(project('e2e', 'e2e', ['**/*.test.ts'], { testTimeout: 300_000, hookTimeout: 300_000 }));
}

export default defineConfig({
  test: {
    projects,
    globalSetup: ['@agora/testing/global-setup'],
    // 2 cores. Measured on the messaging + gateway + identity projects (33 files, 219 tests):
    // 1 worker 110 s, 2 workers 74 s, 3 workers 106 s. Tests mostly wait on servers they spawn,
    // so two workers keep both cores busy; a third only adds contention (and timeouts).
    maxWorkers: 2,
    teardownTimeout: 30_000,
  },
});
