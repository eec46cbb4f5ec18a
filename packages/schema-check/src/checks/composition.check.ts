import type { CompositionIssue } from '@agora/gateway/supergraph';
import { checkResult, countLabel, type CheckResult, type Finding, type FindingLevel } from '../report';
import type { CompositionState } from '../workspace';

/**
 * Composition of all subgraphs (the gateway's own compose function, so the gate and the gateway
 * cannot disagree). Each error names the rule (its code), the subgraph(s) and the type/field.
 */
export function compositionCheck(composition: CompositionState): CheckResult {
  if (!composition.ok) {
    return checkResult(
      'composition',
      'composition',
      composition.errors.map((issue) => issueFinding(issue, 'error')),
      `${composition.errors.length} error(s)`,
    );
  }
  const hints = composition.hints.map((hint) => issueFinding(hint, 'info'));
  return checkResult('composition', 'composition', hints, countLabel([[hints.length, 'hint(s)']]));
}

function issueFinding(issue: CompositionIssue, level: FindingLevel): Finding {
  const [first, ...others] = issue.locations;
  const where = [
    issue.subgraphs.length > 0 ? `subgraph ${issue.subgraphs.join(', ')}` : undefined,
    issue.coordinates.length > 0 ? `at ${issue.coordinates.join(', ')}` : undefined,
    ...others.map((l) => `also ${l.path ?? l.subgraph}:${l.line}:${l.column}`),
  ].filter(Boolean);
  const message = `${issue.message.replace(/\s+/g, ' ').trim()}${where.length > 0 ? ` (${where.join('; ')})` : ''}`;
  const finding: Finding = { level, code: issue.code, message };
  if (first) finding.location = { path: first.path ?? first.subgraph, line: first.line, column: first.column };
  const coordinate = issue.coordinates[0];
  if (coordinate) finding.coordinate = coordinate;
  return finding;
}
