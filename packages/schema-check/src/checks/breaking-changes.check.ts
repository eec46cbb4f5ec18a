import type { SubgraphSource } from '@agora/gateway/supergraph';
import type { Change } from '@graphql-inspector/core';
import { parse, Source, type GraphQLSchema } from 'graphql';
import type { Approvals } from '../approvals';
import type { SchemaBase } from '../base-revision';
import { breakingPaths, changeFindings, classifyChanges, diffSchemas, type ClassifiedChange } from '../graphql-diff';
import { snapshotPath, SUPERGRAPH_PATH, type RegistryEntry } from '../repo-layout';
import { checkResult, countLabel, skippedCheck, type CheckResult } from '../report';
import { accessChanges } from '../security-diff';
import { SdlLocations } from '../sdl-locations';
import { apiSchemaOf, buildSubgraphSchema, compose, type SubgraphState, type Workspace } from '../workspace';

const TITLE = 'breaking changes';

/** The supergraph's raw diff, computed first: subgraph checks ask it whether a break surfaces. */
export interface SupergraphDiff {
  base?: GraphQLSchema;
  changes?: Change[];
  /** Why there is no diff (composition failed, no base). */
  note?: string;
}

export async function diffSupergraph(workspace: Workspace, base: SchemaBase): Promise<SupergraphDiff> {
  if (!workspace.composition.ok) return { note: 'skipped: composition failed' };
  const baseSchema = await baseApiSchema(workspace, base);
  if (!baseSchema.schema) return { note: baseSchema.note };
  return { base: baseSchema.schema, changes: await diffSchemas(baseSchema.schema, workspace.composition.apiSchema) };
}

export function supergraphBreakingCheck(workspace: Workspace, diff: SupergraphDiff, approvals: Approvals): CheckResult {
  if (!workspace.composition.ok) return skippedCheck('breaking-changes', TITLE, 'composition failed');
  if (!diff.base || !diff.changes) return checkResult('breaking-changes', TITLE, [], diff.note);
  const classified = classifyChanges(diff.changes, diff.base, {
    approvals,
    // An approval for the context that made the change covers its effect on the supergraph.
    targets: ['supergraph', ...workspace.subgraphs.map((s) => s.entry.name)],
  });
  const locations = new SdlLocations(parse(new Source(workspace.composition.supergraphFile, SUPERGRAPH_PATH)));
  return checkResult(
    'breaking-changes',
    TITLE,
    changeFindings(classified, { target: 'supergraph', path: SUPERGRAPH_PATH, locations }),
    verdictSummary(classified),
  );
}

export async function subgraphBreakingCheck(
  subgraph: SubgraphState,
  base: SchemaBase,
  approvals: Approvals,
  supergraph: SupergraphDiff,
): Promise<CheckResult> {
  const { entry } = subgraph;
  if (!subgraph.schema || !subgraph.document)
    return skippedCheck('breaking-changes', TITLE, `${subgraph.problem ?? 'no schema'} (see composition)`);
  const baseSdl = await baseSubgraphSdl(entry, base);
  if (baseSdl === undefined) return checkResult('breaking-changes', TITLE, [], 'new subgraph: nothing to compare with');
  const baseBuilt = buildSubgraphSchema(baseSdl, `${entry.schema} (base)`);
  if (!baseBuilt.schema) return skippedCheck('breaking-changes', TITLE, `the base SDL is unusable: ${baseBuilt.problem ?? ''}`);

  const changes = await diffSchemas(baseBuilt.schema, subgraph.schema);
  const classified = classifyChanges(changes, baseBuilt.schema, {
    approvals,
    targets: [entry.name],
    ...(supergraph.changes ? { surfacesInSupergraph: breakingPaths(supergraph.changes) } : {}),
  });
  // `@auth` / `@requiresRole` live in the subgraph only (the supergraph does not carry them), so a
  // changed access requirement is judged here and never "hidden by the supergraph" (ADR 14).
  const access = baseBuilt.document
    ? classifyChanges(accessChanges(baseBuilt.document, subgraph.document), baseBuilt.schema, { approvals, targets: [entry.name] })
    : [];
  const all = [...classified, ...access];
  const findings = changeFindings(all, { target: entry.name, path: entry.schema, locations: new SdlLocations(subgraph.document) });
  return checkResult('breaking-changes', TITLE, findings, verdictSummary(all));
}

/**
 * A subgraph's SDL at the base: from git, the source file (or its snapshot, if the file moved);
 * without git, the committed snapshot only (the source on disk *is* the new version).
 */
export async function baseSubgraphSdl(entry: RegistryEntry, base: SchemaBase): Promise<string | undefined> {
  if (base.fromSnapshots) return base.read(snapshotPath(entry.name));
  return (await base.read(entry.schema)) ?? (await base.read(snapshotPath(entry.name)));
}

/** The committed supergraph at the base, or (when none was committed) the base subgraphs composed. */
async function baseApiSchema(workspace: Workspace, base: SchemaBase): Promise<{ schema?: GraphQLSchema; note?: string }> {
  const committed = await base.read(SUPERGRAPH_PATH);
  if (committed !== undefined) {
    try {
      return { schema: apiSchemaOf(committed) };
    } catch (error) {
      return { note: `base ${SUPERGRAPH_PATH} is unusable: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  const entries = workspace.subgraphs.map((s) => s.entry);
  const sources: SubgraphSource[] = [];
  for (const entry of entries) {
    const sdl = await baseSubgraphSdl(entry, base);
    if (sdl !== undefined) sources.push({ name: entry.name, url: `http://localhost:${entry.port}/graphql`, sdl, path: entry.schema });
  }
  if (sources.length === 0) return { note: 'no supergraph at the base: nothing to compare with' };
  const composed = compose(
    sources,
    entries.filter((e) => sources.some((s) => s.name === e.name)),
  );
  return composed.ok ? { schema: composed.apiSchema } : { note: 'the base subgraphs do not compose: nothing to compare with' };
}

export function verdictSummary(classified: ClassifiedChange[]): string {
  const count = (verdict: ClassifiedChange['verdict']): number => classified.filter((c) => c.verdict === verdict).length;
  return (
    countLabel([
      [count('breaking'), 'breaking'],
      [count('dangerous'), 'dangerous'],
      [count('hidden-by-supergraph'), 'hidden by the supergraph'],
      [count('removed-after-deprecation'), 'removed after deprecation'],
      [count('approved'), 'approved'],
      [count('safe'), 'safe'],
    ]) ?? 'no changes'
  );
}
