import { ESLint } from 'eslint';
import { printSchema, type DocumentNode, type GraphQLSchema } from 'graphql';
import { schemaLintConfig } from '../lint-config';
import { checkResult, countLabel, type CheckResult, type Finding } from '../report';
import { requiresRoleFindings } from '../security-diff';
import type { SubgraphState } from '../workspace';

const TITLE = 'lint';

/**
 * Lints each subgraph's SDL file with the shared configuration (lint-config.ts). One ESLint
 * instance serves all subgraphs of a run: they share the API schema the schema-aware rules need.
 * graphql-eslint caches facts derived from that schema per process (it expects one schema per
 * process), which holds for the CLI; vitest sets NODE_ENV=test, which turns those caches off.
 */
export async function lintSubgraphs(
  rootDir: string,
  subgraphs: SubgraphState[],
  apiSchema: GraphQLSchema | undefined,
): Promise<Map<string, CheckResult>> {
  const eslint = new ESLint({
    cwd: rootDir,
    overrideConfigFile: true,
    overrideConfig: schemaLintConfig(apiSchema ? printSchema(apiSchema) : undefined),
  });
  const results = new Map<string, CheckResult>();
  for (const subgraph of subgraphs) {
    if (subgraph.sdl === undefined) {
      results.set(subgraph.entry.name, checkResult('lint', TITLE, [], 'skipped: no SDL file'));
      continue;
    }
    results.set(
      subgraph.entry.name,
      await lintOne(eslint, rootDir, subgraph.entry.schema, subgraph.sdl, apiSchema !== undefined, subgraph.document),
    );
  }
  return results;
}

async function lintOne(
  eslint: ESLint,
  rootDir: string,
  path: string,
  sdl: string,
  withSchema: boolean,
  document: DocumentNode | undefined,
): Promise<CheckResult> {
  const [result] = await eslint.lintText(sdl, { filePath: `${rootDir}/${path}` });
  const findings: Finding[] = (result?.messages ?? []).map((message): Finding => ({
    level: message.severity === 2 ? 'error' : 'warning',
    // A parse error has no rule: the SDL does not parse (composition reports it in full).
    code: message.ruleId?.replace('@graphql-eslint/', '') ?? 'parse-error',
    message: message.message.replace(/\s+/g, ' ').trim(),
    location: { path, line: message.line, column: message.column },
  }));
  // `@requiresRole` (ADR 14): a declared role, not combined with what makes it meaningless.
  if (document) findings.push(...requiresRoleFindings(document, path));
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  const note = withSchema ? undefined : 'relay schema rules skipped: no composed schema';
  const label = [
    countLabel([
      [errors, 'error(s)'],
      [warnings, 'warning(s)'],
    ]),
    note,
  ]
    .filter(Boolean)
    .join('; ');
  return checkResult('lint', TITLE, findings, label || undefined);
}
