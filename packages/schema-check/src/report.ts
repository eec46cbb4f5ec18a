/**
 * The report model: what every check produces and what the text and JSON outputs print.
 *
 * A report has one section per context (plus `supergraph`, `events`, `operations`), each with a
 * few checks, each check with findings. Only `error` findings fail a check; `warning` findings
 * (dangerous changes, obsolete approvals), `notice` and `info` findings are listed so a
 * reviewer sees everything the change does.
 */

/**
 * `error` fails the check; `warning` is a risk to look at (dangerous change, obsolete approval);
 * `notice` is an allowed change worth seeing in review (removed after deprecation, approved);
 * `info` is everything else (safe changes, composition hints), printed with `--verbose`.
 */
export type FindingLevel = 'error' | 'warning' | 'notice' | 'info';

export interface FindingLocation {
  /** Repository-relative path, e.g. `subgraphs/posts/src/graphql/schema.graphql`. */
  path: string;
  line?: number;
  column?: number;
}

export interface Finding {
  level: FindingLevel;
  /** A stable code: an inspector change type (`FIELD_REMOVED`), a lint rule, `STALE_ARTIFACT`... */
  code: string;
  /** One line. */
  message: string;
  location?: FindingLocation;
  /** Schema coordinate (`Post.title`) or payload path (`payload.body`) the finding is about. */
  coordinate?: string;
  /** What to do about it, one line. */
  hint?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  /** Machine id: `lint`, `breaking-changes`, `snapshot`, `composition`, `operations`... */
  id: string;
  /** Human title shown after ✓ / ✗. */
  title: string;
  status: CheckStatus;
  /** A short qualifier shown after the title (`2 safe, 1 dangerous`, `12 operations`). */
  summary?: string;
  findings: Finding[];
}

export interface Section {
  /** Context name, or `supergraph` / `events` / `operations`. */
  name: string;
  /** Where the section's sources live, shown next to its name. */
  source?: string;
  checks: CheckResult[];
}

export type BaseDescription = { kind: 'git'; revision: string; label: string } | { kind: 'snapshot'; reason: string };

export interface SchemaCheckReport {
  ok: boolean;
  base: BaseDescription;
  sections: Section[];
  summary: { passed: number; failed: number; skipped: number; warnings: number };
  durationMs: number;
}

/** A check's status follows from its findings: any error fails it. */
export function checkResult(id: string, title: string, findings: Finding[], summary?: string): CheckResult {
  const status: CheckStatus = findings.some((f) => f.level === 'error') ? 'failed' : 'passed';
  return summary === undefined ? { id, title, status, findings } : { id, title, status, summary, findings };
}

/** A check that could not run (its input is broken elsewhere); the reason is its summary. */
export function skippedCheck(id: string, title: string, reason: string): CheckResult {
  return { id, title, status: 'skipped', summary: reason, findings: [] };
}

export function summarize(sections: Section[]): SchemaCheckReport['summary'] {
  const checks = sections.flatMap((s) => s.checks);
  return {
    passed: checks.filter((c) => c.status === 'passed').length,
    failed: checks.filter((c) => c.status === 'failed').length,
    skipped: checks.filter((c) => c.status === 'skipped').length,
    warnings: checks.flatMap((c) => c.findings).filter((f) => f.level === 'warning').length,
  };
}

/** `N breaking, M dangerous, K safe` style counts, omitting zeros. */
export function countLabel(counts: Array<[number, string]>): string | undefined {
  const parts = counts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
