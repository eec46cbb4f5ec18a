import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventContract } from '@agora/events';
import { approvalSnippet, type Approvals } from '../approvals';
import { firstDifferentLine, parseEventSnapshot, renderEventSnapshot } from '../artifacts';
import type { SchemaBase } from '../base-revision';
import { diffEventSchemas, type EventSchemaChange } from '../event-schema-diff';
import { APPROVALS_PATH, eventSnapshotPath, EVENTS_DIR, UPDATE_COMMAND } from '../repo-layout';
import { checkResult, countLabel, type CheckResult, type Finding } from '../report';

/**
 * Event contracts: each event type's payload schema is snapshotted in `schema/events/<type>.json`
 * and diffed against the base snapshot like a GraphQL schema (rules in event-schema-diff.ts).
 */
export interface EventChecks {
  contracts: CheckResult;
  snapshots: CheckResult;
}

export async function eventChecks(
  rootDir: string,
  contracts: readonly EventContract[],
  base: SchemaBase,
  approvals: Approvals,
  inScope: (type: string) => boolean,
): Promise<EventChecks> {
  const rendered = new Map<string, string>();
  const contractFindings: Finding[] = [];
  const snapshotFindings: Finding[] = [];
  for (const contract of contracts.filter((c) => inScope(c.type))) {
    try {
      rendered.set(contract.type, renderEventSnapshot(contract));
    } catch (error) {
      contractFindings.push({
        level: 'error',
        code: 'EVENT_SCHEMA_UNREPRESENTABLE',
        message: `${contract.type}: the payload schema has no JSON Schema form (${(error as Error).message}); use plain data types`,
        location: { path: eventSnapshotPath(contract.type) },
      });
    }
  }

  let counts = { breaking: 0, dangerous: 0, safe: 0, allowed: 0, added: 0 };
  const baseTypes = (await base.list(EVENTS_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter(inScope);

  for (const [type, text] of rendered) {
    const path = eventSnapshotPath(type);
    const baseText = await base.read(path);
    const baseSnapshot = baseText === undefined ? undefined : parseEventSnapshot(baseText);
    if (!baseSnapshot) {
      counts.added++;
      contractFindings.push({
        level: 'info',
        code: 'EVENT_TYPE_ADDED',
        message: `new event type ${type}`,
        location: { path },
        coordinate: type,
      });
    } else {
      const current = parseEventSnapshot(text)!;
      for (const change of diffEventSchemas(baseSnapshot.payload, current.payload)) {
        const finding = changeFinding(type, change, approvals);
        counts = tally(counts, finding);
        contractFindings.push(finding);
      }
    }
    const committed = await readFile(join(rootDir, path), 'utf8').catch(() => undefined);
    if (committed === undefined) {
      snapshotFindings.push(stale(path, `${type} has no snapshot`, 1));
    } else if (committed !== text) {
      snapshotFindings.push(
        stale(path, `${type}'s snapshot differs from its contract in @agora/events`, firstDifferentLine(text, committed)),
      );
    }
  }

  // A type at the base without a contract now: consumers and stored events still use it.
  for (const type of baseTypes) {
    if (rendered.has(type) || contracts.some((c) => c.type === type)) continue;
    const approval = approvals.match([type], '*', 'EVENT_TYPE_REMOVED');
    const finding: Finding = approval
      ? {
          level: 'notice',
          code: 'EVENT_TYPE_REMOVED',
          message: `event type ${type} was removed — approved by ${approval.approvedBy}: ${approval.reason}`,
          location: { path: eventSnapshotPath(type) },
          coordinate: type,
        }
      : {
          level: 'error',
          code: 'EVENT_TYPE_REMOVED',
          message: `event type ${type} was removed from @agora/events`,
          location: { path: eventSnapshotPath(type) },
          coordinate: type,
          hint: `keep the contract while any consumer or stored event needs it; or approve it in ${APPROVALS_PATH}: ${approvalSnippet(type, '*', 'EVENT_TYPE_REMOVED')}`,
        };
    counts = tally(counts, finding);
    contractFindings.push(finding);
  }

  // Snapshot files with no contract behind them (and not a removal found above) are leftovers.
  const onDisk = await listDisk(rootDir);
  for (const type of onDisk.filter(inScope)) {
    if (!contracts.some((c) => c.type === type)) {
      snapshotFindings.push(stale(eventSnapshotPath(type), `${type} has a snapshot but no contract in @agora/events`, 1));
    }
  }

  const contractSummary = countLabel([
    [counts.breaking, 'breaking'],
    [counts.dangerous, 'dangerous'],
    [counts.allowed, 'approved'],
    [counts.safe, 'safe'],
    [counts.added, 'new type(s)'],
  ]);
  return {
    contracts: checkResult(
      'event-contracts',
      'contracts vs base',
      contractFindings,
      contractSummary ?? `${rendered.size} type(s), no changes`,
    ),
    snapshots: checkResult('event-snapshots', 'snapshots up to date', snapshotFindings, `${rendered.size} type(s)`),
  };
}

function changeFinding(type: string, change: EventSchemaChange, approvals: Approvals): Finding {
  const path = eventSnapshotPath(type);
  const coordinate = change.path === '' ? '*' : change.path;
  const message = `${type}: ${change.message}`;
  const base = { code: change.type, location: { path }, coordinate };
  if (change.level === 'safe') return { ...base, level: 'info', message };
  if (change.level === 'dangerous') return { ...base, level: 'warning', message };
  const approval = approvals.match([type], coordinate, change.type);
  if (approval) return { ...base, level: 'notice', message: `${message} — approved by ${approval.approvedBy}: ${approval.reason}` };
  return {
    ...base,
    level: 'error',
    message,
    hint: `publish ${nextVersion(type)} with the new payload instead of changing ${type}; or approve it in ${APPROVALS_PATH}: ${approvalSnippet(type, coordinate, change.type)}`,
  };
}

function tally(counts: { breaking: number; dangerous: number; safe: number; allowed: number; added: number }, finding: Finding) {
  if (finding.level === 'error') return { ...counts, breaking: counts.breaking + 1 };
  if (finding.level === 'warning') return { ...counts, dangerous: counts.dangerous + 1 };
  if (finding.level === 'notice') return { ...counts, allowed: counts.allowed + 1 };
  return { ...counts, safe: counts.safe + 1 };
}

/** `posts.post.published.v1` → `posts.post.published.v2`. */
export function nextVersion(type: string): string {
  return type.replace(/\.v(\d+)$/, (_, n: string) => `.v${Number(n) + 1}`);
}

function stale(path: string, message: string, line: number): Finding {
  return {
    level: 'error',
    code: 'STALE_ARTIFACT',
    message,
    location: { path, line, column: 1 },
    hint: `run \`${UPDATE_COMMAND}\` and commit the result`,
  };
}

async function listDisk(rootDir: string): Promise<string[]> {
  const entries = await readdir(join(rootDir, EVENTS_DIR)).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
