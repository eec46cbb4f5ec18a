import type { EventContract } from '@agora/events';
import { print, type DocumentNode } from 'graphql';
import { z } from 'zod';
import { UPDATE_COMMAND } from './repo-layout';

/**
 * The generated files under `schema/`, rendered deterministically (no timestamps, stable key
 * order) so that "what the code produces" can be compared byte for byte with what is committed.
 */

/** `schema/snapshots/<context>.graphql`: the subgraph's SDL, normalised by graphql-js `print`. */
export function renderSubgraphSnapshot(sourcePath: string, document: DocumentNode): string {
  return [
    `# GENERATED FILE: do not edit by hand. Snapshot of ${sourcePath}, written by \`${UPDATE_COMMAND}\`.`,
    '# The base for breaking-change checks when git history is unavailable; reviewers read schema diffs here.',
    '',
    print(document).trimEnd(),
    '',
  ].join('\n');
}

/** The payload's JSON Schema: zod's output type, which is what producers put on the wire. */
export function eventPayloadJsonSchema(contract: EventContract): Record<string, unknown> {
  const schema = z.toJSONSchema(contract.schema as z.ZodType) as Record<string, unknown>;
  // The draft URL is zod's choice, not part of the contract.
  delete schema.$schema;
  return schema;
}

export interface EventSnapshot {
  type: string;
  stream: string;
  description: string;
  payload: Record<string, unknown>;
}

/** `schema/events/<type>.json`. */
export function renderEventSnapshot(contract: EventContract): string {
  const snapshot = {
    $comment: `GENERATED from @agora/events by \`${UPDATE_COMMAND}\`; do not edit. A breaking payload change needs a new .vN type.`,
    type: contract.type,
    stream: contract.stream,
    description: contract.description,
    payload: eventPayloadJsonSchema(contract),
  };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/** Reads a committed event snapshot; undefined when it is not a snapshot this tool wrote. */
export function parseEventSnapshot(text: string): EventSnapshot | undefined {
  try {
    const value = JSON.parse(text) as Partial<EventSnapshot>;
    if (typeof value.type !== 'string' || typeof value.payload !== 'object' || value.payload === null) return undefined;
    return value as EventSnapshot;
  } catch {
    return undefined;
  }
}

/** 1-based line of the first difference between two texts, for staleness findings. */
export function firstDifferentLine(expected: string, actual: string): number {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i + 1;
  return 1;
}
