/**
 * `npm run compose -w @agora/gateway` (root: `npm run schema:compose`): composes the subgraphs
 * listed in schema/subgraphs.json into schema/supergraph.graphql.
 *
 *   --root <dir>   repository root (default: found by walking up to schema/subgraphs.json)
 *   --out <file>   output file (default: <root>/schema/supergraph.graphql)
 *   --check        write nothing; exit 1 when the committed file differs from a fresh composition
 *   --hints        also print composition hints (warnings that do not fail composition)
 *
 * Exit codes: 0 composed (or up to date), 1 composition failed or the file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeFromRegistry, formatIssue, renderSupergraphFile } from './compose';
import { findRepoRoot, SUPERGRAPH_PATH } from './registry';

const USAGE = `Usage: compose-cli [--root <dir>] [--out <file>] [--check] [--hints]
  Composes the subgraphs in schema/subgraphs.json into schema/supergraph.graphql.
  --root <dir>  repository root (default: nearest ancestor with schema/subgraphs.json)
  --out <file>  output file (default: <root>/schema/supergraph.graphql)
  --check       write nothing; exit 1 when the file differs from a fresh composition
  --hints       also print composition hints`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      hints: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rootDir = values.root ? resolve(values.root) : findRepoRoot();
  const outPath = values.out ? resolve(values.out) : resolve(rootDir, SUPERGRAPH_PATH);
  const shownPath = relative(process.cwd(), outPath) || outPath;

  const result = await composeFromRegistry(rootDir);
  if (!result.ok) {
    console.error(`Composition failed with ${result.errors.length} error(s):\n`);
    for (const issue of result.errors) console.error(`${formatIssue(issue)}\n`);
    return 1;
  }
  if (values.hints) for (const hint of result.hints) console.error(`${formatIssue(hint).replace('✖', 'hint')}\n`);

  const content = renderSupergraphFile(result.supergraphSdl, result.subgraphs);
  if (values.check) {
    const current = await readFile(outPath, 'utf8').catch(() => '');
    if (current !== content) {
      console.error(`${shownPath} is stale: run \`npm run schema:compose\` and commit the result.`);
      return 1;
    }
    console.log(`${shownPath} is up to date.`);
    return 0;
  }
  await writeFile(outPath, content);
  const hintNote = result.hints.length > 0 && !values.hints ? ` (${result.hints.length} hint(s); --hints to show)` : '';
  console.log(`Composed ${result.subgraphs.join(', ')} → ${shownPath}${hintNote}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`compose: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
