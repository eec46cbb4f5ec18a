import type { EventContract } from '@agora/events';
import { Approvals } from './approvals';
import { resolveBase } from './base-revision';
import { diffSupergraph, subgraphBreakingCheck, supergraphBreakingCheck } from './checks/breaking-changes.check';
import { compositionCheck } from './checks/composition.check';
import { eventChecks } from './checks/events.check';
import { lintSubgraphs } from './checks/lint.check';
import { operationsCheck } from './checks/operations.check';
import { orphanedSnapshots, snapshotFreshness, supergraphFreshness } from './checks/staleness.check';
import { OPERATIONS_DIR, SUPERGRAPH_PATH, EVENTS_DIR } from './repo-layout';
import { checkResult, summarize, type CheckResult, type Finding, type SchemaCheckReport, type Section } from './report';
import { loadWorkspace } from './workspace';

export interface SchemaCheckOptions {
  /** Repository root (holds schema/subgraphs.json). */
  rootDir: string;
  /** Only this context's checks (plus composition, the supergraph, its events and all operations). */
  context?: string;
  /** Git revision to compare with instead of the merge-base with main. */
  base?: string;
  /** Event contracts to check; defaults to `allContracts` of @agora/events. */
  contracts?: readonly EventContract[];
}

/** Thrown for a wrong invocation (unknown context, bad --base): exit code 2, not a failed check. */
export class SchemaCheckUsageError extends Error {}

const EVENT_TYPE = /\.v\d+$/;

export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckReport> {
  const started = performance.now();
  const { rootDir, context } = options;
  const workspace = await loadWorkspace(rootDir);
  const contexts = workspace.subgraphs.map((s) => s.entry.name);
  if (context !== undefined && !contexts.includes(context)) {
    throw new SchemaCheckUsageError(`unknown context "${context}"; the registry lists: ${contexts.join(', ')}`);
  }
  const base = await resolveBase(rootDir, options.base).catch((error: Error) => {
    throw new SchemaCheckUsageError(error.message);
  });
  const { approvals, problem: approvalsProblem } = await Approvals.load(rootDir);
  const contracts = options.contracts ?? (await import('@agora/events')).allContracts;
  const selected = workspace.subgraphs.filter((s) => context === undefined || s.entry.name === context);
  const apiSchema = workspace.composition.ok ? workspace.composition.apiSchema : undefined;

  // The supergraph diff comes first: subgraph checks ask it whether their breaks reach clients.
  const supergraphDiff = await diffSupergraph(workspace, base);
  const lint = await lintSubgraphs(rootDir, selected, apiSchema);

  const sections: Section[] = [];
  for (const subgraph of selected) {
    sections.push({
      name: subgraph.entry.name,
      source: subgraph.entry.schema,
      checks: [
        lint.get(subgraph.entry.name)!,
        await subgraphBreakingCheck(subgraph, base, approvals, supergraphDiff),
        await snapshotFreshness(rootDir, subgraph),
      ],
    });
  }

  const supergraphChecks = [
    compositionCheck(workspace.composition),
    supergraphBreakingCheck(workspace, supergraphDiff, approvals),
    await supergraphFreshness(workspace),
  ];
  if (context === undefined) supergraphChecks[2] = withFindings(supergraphChecks[2]!, await orphanedSnapshots(rootDir, contexts));
  sections.push({ name: 'supergraph', source: SUPERGRAPH_PATH, checks: supergraphChecks });

  const inScope = (type: string): boolean => context === undefined || type.startsWith(`${context}.`);
  const events = await eventChecks(rootDir, contracts, base, approvals, inScope);
  sections.push({ name: 'events', source: EVENTS_DIR, checks: [events.contracts, events.snapshots] });

  sections.push({ name: 'operations', source: OPERATIONS_DIR, checks: [await operationsCheck(rootDir, apiSchema, supergraphDiff.base)] });

  routeApprovalFindings(sections, approvals, approvalsProblem, contexts, context);
  const summary = summarize(sections);
  return {
    ok: summary.failed === 0,
    base: base.description,
    sections,
    summary,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Obsolete approvals are reported where their target is checked: a context's approvals in its
 * section, event types' in `events`, the rest (supergraph, unknown targets) in `supergraph`.
 */
function routeApprovalFindings(
  sections: Section[],
  approvals: Approvals,
  problem: Finding | undefined,
  contexts: string[],
  context: string | undefined,
): void {
  const breakingCheckOf = (name: string): { section: Section; index: number } | undefined => {
    const section = sections.find((s) => s.name === name);
    const index = section?.checks.findIndex((c) => c.id === 'breaking-changes' || c.id === 'event-contracts') ?? -1;
    return section && index >= 0 ? { section, index } : undefined;
  };
  const add = (name: string, findings: Finding[]): void => {
    const target = breakingCheckOf(name);
    if (!target || findings.length === 0) return;
    target.section.checks[target.index] = withFindings(target.section.checks[target.index]!, findings);
  };

  if (problem) add('supergraph', [problem]);
  for (const name of contexts)
    add(
      name,
      approvals.obsolete((t) => t === name),
    );
  add(
    'events',
    approvals.obsolete((t) => EVENT_TYPE.test(t) && (context === undefined || t.startsWith(`${context}.`))),
  );
  add(
    'supergraph',
    approvals.obsolete((t) => t === 'supergraph' || (context === undefined && !contexts.includes(t) && !EVENT_TYPE.test(t))),
  );
}

function withFindings(check: CheckResult, extra: Finding[]): CheckResult {
  if (extra.length === 0 || check.status === 'skipped') return check;
  return checkResult(check.id, check.title, [...check.findings, ...extra], check.summary);
}
