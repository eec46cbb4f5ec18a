/**
 * `schema-check` — the offline schema gate (root: `npm run schema:check`; per context:
 * `npm run schema:check -w @agora/<context>`, which passes `--context <context>`).
 *
 *   --context <name>  only that context's checks (plus composition, supergraph, its events, operations)
 *   --base <rev>      compare with this git revision instead of the merge-base of HEAD and main
 *   --json            print the report as JSON (for tooling)
 *   --verbose         also list safe changes and composition hints
 *   --update          regenerate schema/supergraph.graphql and the snapshots (`npm run schema:update`)
 *   --root <dir>      repository root (default: found by walking up to schema/subgraphs.json)
 *
 * Exit codes: 0 every check passed (or artifacts updated), 1 a check failed (or nothing could be
 * generated), 2 wrong usage or configuration.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatText } from './format-text';
import { findRepoRoot, UPDATE_COMMAND } from './repo-layout';
import { runSchemaCheck, SchemaCheckUsageError } from './run-schema-check';
import { updateSchemaArtifacts } from './update-artifacts';

const USAGE = 'usage: schema-check [--context <name>] [--base <rev>] [--json] [--verbose] [--update] [--root <dir>]';

export async function run(argv: string[] = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        context: { type: 'string' },
        base: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        update: { type: 'boolean', default: false },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`schema-check: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  try {
    const rootDir = values.root ? resolve(values.root) : findRepoRoot();
    const { allContracts } = await import('@agora/events');

    if (values.update) {
      const result = await updateSchemaArtifacts(rootDir, allContracts);
      for (const change of result.changes.filter((c) => c.action !== 'unchanged')) console.log(`${change.action.padEnd(8)} ${change.path}`);
      const unchanged = result.changes.filter((c) => c.action === 'unchanged').length;
      console.log(`${UPDATE_COMMAND}: ${result.changes.length - unchanged} file(s) changed, ${unchanged} unchanged`);
      for (const problem of result.problems) console.error(problem);
      return result.problems.length > 0 ? 1 : 0;
    }

    const report = await runSchemaCheck({ rootDir, contracts: allContracts, context: values.context, base: values.base });
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else
      process.stdout.write(formatText(report, { verbose: values.verbose, color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(`schema-check: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof SchemaCheckUsageError ? 2 : 1;
  }
}
