import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstDifferentLine, renderSubgraphSnapshot } from '../artifacts';
import { snapshotPath, SNAPSHOTS_DIR, SUPERGRAPH_PATH, UPDATE_COMMAND } from '../repo-layout';
import { checkResult, skippedCheck, type CheckResult, type Finding } from '../report';
import type { SubgraphState, Workspace } from '../workspace';

/**
 * Generated files must equal what the code produces, so reviewers read real diffs and the
 * gateway runs what was reviewed. A stale file names the command that regenerates it.
 */
export async function supergraphFreshness(workspace: Workspace): Promise<CheckResult> {
  if (!workspace.composition.ok) return skippedCheck('supergraph-file', `${SUPERGRAPH_PATH} up to date`, 'composition failed');
  const findings = await compareFile(
    workspace.rootDir,
    SUPERGRAPH_PATH,
    workspace.composition.supergraphFile,
    'does not match what the subgraphs compose to',
  );
  return checkResult('supergraph-file', `${SUPERGRAPH_PATH} up to date`, findings);
}

export async function snapshotFreshness(rootDir: string, subgraph: SubgraphState): Promise<CheckResult> {
  const path = snapshotPath(subgraph.entry.name);
  if (!subgraph.document) return skippedCheck('snapshot', 'snapshot up to date', subgraph.problem ?? 'no SDL');
  const expected = renderSubgraphSnapshot(subgraph.entry.schema, subgraph.document);
  const findings = await compareFile(rootDir, path, expected, `does not match ${subgraph.entry.schema}`);
  return checkResult('snapshot', 'snapshot up to date', findings, path);
}

/** Snapshots of contexts no longer in the registry. */
export async function orphanedSnapshots(rootDir: string, contexts: string[]): Promise<Finding[]> {
  const files = await readdir(join(rootDir, SNAPSHOTS_DIR)).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.graphql') && !contexts.includes(file.slice(0, -'.graphql'.length)))
    .map((file) => stale(`${SNAPSHOTS_DIR}/${file}`, 'belongs to no subgraph in schema/subgraphs.json', 1));
}

async function compareFile(rootDir: string, path: string, expected: string, why: string): Promise<Finding[]> {
  const committed = await readFile(join(rootDir, path), 'utf8').catch(() => undefined);
  if (committed === undefined) return [stale(path, 'is missing', 1)];
  if (committed === expected) return [];
  return [
    stale(
      path,
      `is stale: ${why} (first difference at line ${firstDifferentLine(expected, committed)})`,
      firstDifferentLine(expected, committed),
    ),
  ];
}

function stale(path: string, message: string, line: number): Finding {
  return {
    level: 'error',
    code: 'STALE_ARTIFACT',
    message: `${path} ${message}`,
    location: { path, line, column: 1 },
    hint: `run \`${UPDATE_COMMAND}\` and commit the result`,
  };
}
