// @ts-check
'use strict';
/**
 * The house layering rules (docs: ../../README.md → "Guards", HOUSE-STYLE.md), as a
 * dependency-cruiser configuration built for one repository root.
 *
 * `layeringConfig(root)` reads the workspace folders under `root` (prisma, gateway, packages/*,
 * subgraphs/*, like vitest.config.ts) so the context list and the packages' `./testing` subpath
 * exports are never hard-coded: a new subgraphs/<ctx> is a context the day it appears.
 * The repository's `.dependency-cruiser.cjs` is `layeringConfig(<repo root>)`; the guards test
 * builds small fixture repositories and checks them with the very same function.
 *
 * Paths in the rules are relative to the root, POSIX style. A workspace package is imported by
 * its name (node_modules/@agora/<name> is a symlink to its folder, `exports` point at .ts), and
 * dependency-cruiser follows the symlink, so `@agora/kernel` is seen as packages/kernel/src/….
 * An import that does not resolve keeps its specifier as its path (e.g. `@agora/posts`).
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** A workspace package folder, `packages/<name>` style, as a regex fragment. */
const WORKSPACE = '(?:subgraphs|packages)/[^/]+';
/** Any workspace folder, the two single-package ones included. */
const ANY_WORKSPACE = `(?:${WORKSPACE}|prisma|gateway)`;
/** Unit tests beside the code. */
const TEST_FILE = '\\.(?:test|spec)\\.[cm]?[jt]s$';
/** Test data builders ("mothers"), wherever they live. */
const MOTHER_FILE = '\\.mother\\.[cm]?[jt]s$';
/** A `testing/` folder anywhere under src/ (`/src/(.+/)?testing/`, spelled so safe-regex accepts it). */
const TESTING_DIR = '/src/(?:testing/|.*/testing/)';
/** Pure libraries domain code may use (validation, ids). */
const PURE_LIBRARIES = ['zod', 'uuid'];
/** Generated code: Prisma clients and GraphQL resolver types. */
const GENERATED = '(?:^|/)__generated__/';
/** Build output and data folders (of the repository and its workspaces; not node_modules'). */
const OUTPUT_DIRS = '(?:dist|coverage|\\.data|\\.turbo)/';
/** Prisma's runtime, however it is reached. */
const PRISMA = ['(?:^|/)node_modules/@prisma/', '(?:^|/)node_modules/\\.prisma/', '^@prisma/', '^\\.prisma/'];

/** @param {string} text */
function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * @param {string} root
 * @returns {{ dir: string; name: string; exports: Record<string, unknown> }[]}
 */
function workspaces(root) {
  const dirs = ['prisma', 'gateway'];
  for (const parent of ['packages', 'subgraphs']) {
    const abs = join(root, parent);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort()
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const exports = manifest.exports && typeof manifest.exports === 'object' ? manifest.exports : {};
      return { dir, name: String(manifest.name ?? dir), exports };
    });
}

/**
 * Where each workspace's `./testing` (or `./…/testing/…`) subpath export points, as path regexes.
 * @param {ReturnType<typeof workspaces>} packages
 */
function testingExportTargets(packages) {
  /** @type {string[]} */
  const targets = [];
  for (const { dir, exports } of packages) {
    for (const [subpath, target] of Object.entries(exports)) {
      if (!/(?:^|\/)testing(?:\/|$)/.test(subpath)) continue;
      const files = typeof target === 'string' ? [target] : Object.values(target ?? {}).filter((t) => typeof t === 'string');
      for (const file of files) targets.push(`^${escapeRegex(`${dir}/${String(file).replace(/^\.\//, '')}`)}$`);
    }
  }
  return targets;
}

/**
 * @param {string} root the repository (or fixture) root; rule paths are relative to it
 * @returns {import('dependency-cruiser').IConfiguration}
 */
function layeringConfig(root) {
  const packages = workspaces(root);
  const contexts = packages.filter((p) => p.dir.startsWith('subgraphs/'));
  const contextNames = contexts.map((p) => escapeRegex(p.name));
  /** Another context imported by package name, when it does not resolve to a file. */
  const contextPackageNames = contextNames.length > 0 ? [`^(?:${contextNames.join('|')})(?:/|$)`] : [];
  const testSupportPackages = packages.filter((p) => p.name === '@agora/testing').map((p) => `^${escapeRegex(p.dir)}/`);
  /**
   * Development tooling that runs only on a developer's machine (`npm start`): it starts NATS and
   * the services with @agora/testing's process helpers, so it is not production code. The fault
   * and soak runs (@agora/chaos) are test tooling in the same sense.
   */
  const devTooling = packages
    .filter((p) => p.name === '@agora/devstack' || p.name === '@agora/chaos')
    .map((p) => `^${escapeRegex(p.dir)}/`);

  return {
    forbidden: [
      {
        name: 'domain-imports-only-domain',
        comment:
          'Domain code (src/domain/) is pure: it imports its own domain folder, @agora/kernel, the shared ' +
          "kernel's pure domain (packages/audience/src/domain, ADR 8) and zod/uuid — nothing else. In " +
          'particular no @prisma/*, __generated__, graphql, @apollo/*, @nats-io/*, @agora/service-kit, ' +
          '@agora/messaging, @agora/prisma-kit, node built-ins, or a package index that re-exports ' +
          'infrastructure. Put the port in the domain and the adapter in infrastructure/.',
        severity: 'error',
        from: { path: `^(${WORKSPACE})/src/domain/`, pathNot: [TEST_FILE, MOTHER_FILE, TESTING_DIR] },
        to: {
          pathNot: [
            '^$1/src/domain/',
            '^packages/kernel/src/',
            // The shared kernel's pure half (ADR 8); its package index also re-exports SQL and
            // consumers, so domain code must reach it through a path into src/domain.
            '^packages/audience/src/domain/',
            ...PURE_LIBRARIES.map((lib) => `(?:^|/)node_modules/${escapeRegex(lib)}/`),
          ],
        },
      },
      {
        name: 'application-not-infrastructure',
        comment:
          'Use cases (src/application/) depend on ports, not adapters: no src/infrastructure/ or ' +
          'src/graphql/ of the same package, no @prisma/*, no __generated__ code. Define the port in ' +
          'application/ (or domain/) and implement it in infrastructure/; wire it in main.ts/app.ts.',
        severity: 'error',
        from: { path: `^(${WORKSPACE})/src/application/`, pathNot: [TEST_FILE, MOTHER_FILE, TESTING_DIR] },
        to: { path: ['^$1/src/(?:infrastructure|graphql)/', GENERATED, ...PRISMA] },
      },
      {
        name: 'no-cross-context',
        comment:
          "A bounded context (subgraphs/<ctx>) never imports another context's files or package: " +
          'contexts meet through federation entities and domain events (@agora/events). Move shared ' +
          'code to packages/.',
        severity: 'error',
        from: { path: '^subgraphs/([^/]+)/' },
        to: { path: ['^subgraphs/', ...contextPackageNames], pathNot: ['^subgraphs/$1/', '^@agora/$1(?:/|$)'] },
      },
      {
        name: 'test-support-not-in-production',
        comment:
          'Production code (src/**, not *.test.ts) does not import test support: src/**/testing/**, ' +
          'test/**, e2e/, *.mother.ts, @agora/testing, a `./testing` subpath export (e.g. ' +
          '@agora/audience/testing) or vitest. Test files and files inside testing/ folders may, and so ' +
          'may the dev stack (@agora/devstack: development tooling, it runs NATS and the services for npm start) and the fault/soak runs (@agora/chaos).',
        severity: 'error',
        from: {
          path: `^${ANY_WORKSPACE}/src/`,
          pathNot: [TEST_FILE, MOTHER_FILE, TESTING_DIR, ...testSupportPackages, ...devTooling],
        },
        to: {
          path: [
            TESTING_DIR,
            `^${ANY_WORKSPACE}/test/`,
            '^e2e/',
            MOTHER_FILE,
            ...testSupportPackages,
            ...testingExportTargets(packages),
            '^@agora/testing(?:/|$)',
            '^@agora/[^/]+/testing(?:/|$)',
            '(?:^|/)node_modules/(?:vitest|@vitest/[^/]+)/',
          ],
        },
      },
      {
        name: 'packages-not-subgraphs',
        comment:
          'Shared packages (packages/*, prisma) serve every context and know none of them: they never ' +
          'import subgraphs/* files or @agora/<context> packages.',
        severity: 'error',
        from: { path: '^(?:packages/[^/]+|prisma)/' },
        to: { path: ['^subgraphs/', ...contextPackageNames] },
      },
      {
        name: 'no-circular',
        comment:
          'No import cycles between files: a cycle makes load order matter and usually means two ' +
          'modules are one, or a third is missing. A cycle through a type-only import is allowed (it ' +
          'is erased at run time). Cycles between workspace packages, which need no cycle between ' +
          'files, are checked by @agora/guards itself (no-workspace-cycle).',
        severity: 'error',
        from: {},
        to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
      },
    ],
    options: {
      // Type-only imports count: `import type { PrismaClient }` in a domain file is still a leak.
      tsPreCompilationDeps: true,
      moduleSystems: ['es6', 'cjs'],
      // Record imports of packages and generated code, but do not cruise inside them.
      doNotFollow: { path: ['(?:^|/)node_modules/', GENERATED] },
      // Build output and data folders of the workspaces (not node_modules/*/dist: vitest lives there).
      exclude: {
        path: [`^${OUTPUT_DIRS}`, `^${WORKSPACE}/${OUTPUT_DIRS}`, `^(?:prisma|gateway|e2e)/${OUTPUT_DIRS}`],
      },
      enhancedResolveOptions: {
        exportsFields: ['exports'],
        conditionNames: ['import', 'require', 'node', 'default', 'types'],
        mainFields: ['module', 'main', 'types', 'typings'],
        extensions: ['.ts', '.mts', '.cts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      },
      skipAnalysisNotInRules: true,
    },
  };
}

module.exports = { layeringConfig, workspaces };
