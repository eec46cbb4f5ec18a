import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IConfiguration } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempDir } from '@agora/testing';
import { checkLayering, formatLayering, houseLayeringConfig, type LayeringReport } from '../src/index';
import { cleanRepository, DIRTY_FILES, dirtyRepository, writeRepository, type Files } from './fixture-repo';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

/** The rules the house style asks for (HOUSE-STYLE.md, issue #8); each one is proven below. */
const HOUSE_RULES = [
  'domain-imports-only-domain',
  'application-not-infrastructure',
  'no-cross-context',
  'test-support-not-in-production',
  'packages-not-subgraphs',
  'no-circular',
];

function ruleNames(config: IConfiguration): string[] {
  return (config.forbidden ?? []).map((rule) => rule.name ?? '');
}

describe('the layering rules', () => {
  it("are the repository's .dependency-cruiser.cjs, and contain every house rule", () => {
    const repository = require(join(REPO_ROOT, '.dependency-cruiser.cjs')) as IConfiguration;
    expect(repository).toEqual(houseLayeringConfig(REPO_ROOT));
    expect(ruleNames(repository)).toEqual(expect.arrayContaining(HOUSE_RULES));
  });

  describe('on a repository that follows them', () => {
    let repo: TempDir;
    let report: LayeringReport;
    beforeAll(async () => {
      repo = await writeRepository(cleanRepository());
      report = await checkLayering({ root: repo.path, config: houseLayeringConfig(repo.path) });
    });
    afterAll(() => repo?.remove());

    it('report nothing (domain → kernel and zod, tests → @agora/testing, testing/ → adapters are fine)', () => {
      expect(report.violations).toEqual([]);
      expect(report.modules).toBeGreaterThan(15);
      expect(formatLayering(report)).toMatch(/^no layering violations/);
    });
  });

  describe('on a repository that breaks each of them once', () => {
    let repo: TempDir;
    let report: LayeringReport;
    let text: string;
    beforeAll(async () => {
      repo = await writeRepository(dirtyRepository());
      report = await checkLayering({ root: repo.path, config: houseLayeringConfig(repo.path) });
      text = formatLayering(report);
    });
    afterAll(() => repo?.remove());

    it.each(DIRTY_FILES.map((d) => [d.violation.rule, d.file, d] as const))(
      'reports %s in %s, naming the file, line and import',
      (_rule, _file, dirty) => {
        expect(report.violations).toContainEqual(expect.objectContaining({ ...dirty.violation, from: dirty.file, line: 1 }));
        const section = text.slice(text.indexOf(`${dirty.violation.rule} (`));
        expect(section).toContain(`${dirty.file}:1  imports '${dirty.violation.specifier}'`);
      },
    );

    it('reports nothing else: the clean files stay clean next to the dirty ones', () => {
      const expected = DIRTY_FILES.map((d) => `${d.violation.rule} ${d.file}`).sort();
      expect(report.violations.map((v) => `${v.rule} ${v.from}`).sort()).toEqual(expected);
    });

    it('proves every rule of the configuration (a rule without a failing fixture is untested)', () => {
      const hit = new Set(report.violations.map((v) => v.rule));
      for (const rule of ruleNames(houseLayeringConfig(REPO_ROOT))) expect(hit, rule).toContain(rule);
    });

    it('explains a cycle between workspace packages edge by edge', () => {
      const cycle = report.violations.find((v) => v.rule === 'no-workspace-cycle');
      expect(cycle?.cycle).toEqual([
        "@agora/kernel (packages/kernel/src/knows-shared.ts imports '@agora/shared')",
        "@agora/shared (packages/shared/src/index.ts imports '@agora/kernel')",
        '@agora/kernel',
      ]);
    });

    it('fails without a rule that a fixture depends on', async () => {
      const config = houseLayeringConfig(repo.path);
      const weakened = { ...config, forbidden: (config.forbidden ?? []).filter((rule) => rule.name !== 'application-not-infrastructure') };
      const without = await checkLayering({ root: repo.path, config: weakened });
      expect(without.violations.map((v) => v.rule)).not.toContain('application-not-infrastructure');
      expect(without.violations.length).toBe(report.violations.length - 1);
    });
  });
});

describe('the ESLint config', () => {
  let repo: TempDir;
  let results: ESLint.LintResult[];
  const eslintFiles: Files = {
    // A relative import into another package (rule: import it by its name).
    'subgraphs/feed/src/infrastructure/post-reader.ts': DIRTY_FILES.find(
      (d) => d.file === 'subgraphs/feed/src/infrastructure/post-reader.ts',
    )!.content,
    'subgraphs/posts/src/graphql/duplicate-imports.ts':
      "import { Post } from '../domain/post/post.aggregate';\nimport type { Post as P } from '../domain/post/post.aggregate';\n\nexport const x: P = new Post();\n",
    'subgraphs/posts/src/graphql/self-import.ts': "import { y } from './self-import';\n\nexport const z = 1;\nexport { y };\n",
  };
  beforeAll(async () => {
    repo = await writeRepository({ ...cleanRepository(), ...eslintFiles });
    const eslint = new ESLint({ cwd: repo.path, overrideConfigFile: join(REPO_ROOT, 'eslint.config.js') });
    results = await eslint.lintFiles(['.']);
  });
  afterAll(() => repo?.remove());

  const problems = (file: string) =>
    results.find((r) => r.filePath === join(repo.path, file))?.messages.map((m) => `${m.line}:${m.ruleId ?? m.message}`) ?? [];

  it('passes the clean files', () => {
    const clean = Object.keys(cleanRepository()).filter((f) => f.endsWith('.ts'));
    for (const file of clean) expect(problems(file), file).toEqual([]);
    expect(results.map((r) => r.filePath)).toContain(join(repo.path, 'subgraphs/posts/src/main.ts'));
  });

  it('forbids a relative import that reaches into another package', () => {
    expect(problems('subgraphs/feed/src/infrastructure/post-reader.ts')).toEqual(['1:import-x/no-relative-packages']);
  });

  it('forbids importing the same module twice (types go inline)', () => {
    expect(problems('subgraphs/posts/src/graphql/duplicate-imports.ts')).toContain('1:import-x/no-duplicates');
  });

  it('forbids a module importing itself', () => {
    expect(problems('subgraphs/posts/src/graphql/self-import.ts')).toContain('1:import-x/no-self-import');
  });

  it('ignores generated code', async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    expect(await eslint.isPathIgnored(join(REPO_ROOT, 'subgraphs/posts/src/graphql/__generated__/resolvers-types.ts'))).toBe(true);
    expect(await eslint.isPathIgnored(join(REPO_ROOT, 'subgraphs/posts/src/main.ts'))).toBe(false);
  });
});
