import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EventContract } from '@agora/events';
import { formatIssue } from '@agora/gateway/supergraph';
import { renderEventSnapshot, renderSubgraphSnapshot } from './artifacts';
import { eventSnapshotPath, EVENTS_DIR, snapshotPath, SNAPSHOTS_DIR, SUPERGRAPH_PATH } from './repo-layout';
import { loadWorkspace } from './workspace';

export interface ArtifactChange {
  path: string;
  action: 'written' | 'unchanged' | 'removed';
}

export interface UpdateResult {
  changes: ArtifactChange[];
  /** What could not be generated (composition errors, unparsable SDL): the command fails. */
  problems: string[];
}

/**
 * `npm run schema:update`: regenerates every generated schema artifact — the supergraph, the
 * subgraph snapshots and the event contract snapshots — and deletes snapshots whose subgraph or
 * event type no longer exists. What it writes is exactly what `schema:check` compares against.
 */
export async function updateSchemaArtifacts(rootDir: string, contracts: readonly EventContract[]): Promise<UpdateResult> {
  const workspace = await loadWorkspace(rootDir);
  const changes: ArtifactChange[] = [];
  const problems: string[] = [];

  if (workspace.composition.ok) {
    changes.push(await writeIfChanged(rootDir, SUPERGRAPH_PATH, workspace.composition.supergraphFile));
  } else {
    problems.push(`${SUPERGRAPH_PATH} not written: composition failed`, ...workspace.composition.errors.map(formatIssue));
  }

  for (const subgraph of workspace.subgraphs) {
    if (!subgraph.document) {
      problems.push(`${snapshotPath(subgraph.entry.name)} not written: ${subgraph.problem ?? 'no SDL'}`);
      continue;
    }
    changes.push(
      await writeIfChanged(rootDir, snapshotPath(subgraph.entry.name), renderSubgraphSnapshot(subgraph.entry.schema, subgraph.document)),
    );
  }
  changes.push(
    ...(await removeOthers(
      rootDir,
      SNAPSHOTS_DIR,
      '.graphql',
      workspace.subgraphs.map((s) => s.entry.name),
    )),
  );

  for (const contract of contracts) {
    try {
      changes.push(await writeIfChanged(rootDir, eventSnapshotPath(contract.type), renderEventSnapshot(contract)));
    } catch (error) {
      problems.push(`${eventSnapshotPath(contract.type)} not written: ${(error as Error).message}`);
    }
  }
  changes.push(
    ...(await removeOthers(
      rootDir,
      EVENTS_DIR,
      '.json',
      contracts.map((c) => c.type),
    )),
  );

  return { changes, problems };
}

async function writeIfChanged(rootDir: string, path: string, content: string): Promise<ArtifactChange> {
  const absolute = join(rootDir, path);
  const current = await readFile(absolute, 'utf8').catch(() => undefined);
  if (current === content) return { path, action: 'unchanged' };
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, content);
  return { path, action: 'written' };
}

/** Deletes generated files in `dir` (by extension) whose name is not in `keep`. */
async function removeOthers(rootDir: string, dir: string, extension: string, keep: string[]): Promise<ArtifactChange[]> {
  const files = await readdir(join(rootDir, dir)).catch(() => [] as string[]);
  const removed: ArtifactChange[] = [];
  for (const file of files) {
    if (!file.endsWith(extension) || keep.includes(file.slice(0, -extension.length))) continue;
    await rm(join(rootDir, dir, file));
    removed.push({ path: `${dir}/${file}`, action: 'removed' });
  }
  return removed;
}
