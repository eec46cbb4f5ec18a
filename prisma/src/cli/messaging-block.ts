import { readFile } from 'node:fs/promises';
import { CANONICAL_MESSAGING_MODELS } from './context-paths';

export const BEGIN_MARKER = '// ── messaging: begin (generated from prisma/models/messaging.prisma — do not edit)';
export const END_MARKER = '// ── messaging: end';
/** Marker lines are recognised by prefix, so an older wording of the begin line is still replaced. */
const BEGIN_PREFIX = '// ── messaging: begin';

export async function readCanonicalModels(): Promise<string> {
  return readFile(CANONICAL_MESSAGING_MODELS, 'utf8');
}

export function renderBlock(canonical: string): string {
  return `${BEGIN_MARKER}\n${normalize(canonical)}\n${END_MARKER}`;
}

function normalize(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

interface Located {
  /** Index of the begin marker line's first character. */
  start: number;
  /** Index just after the end marker line's last character. */
  end: number;
  body: string;
}

function locate(schema: string): Located | 'missing' | 'malformed' {
  const lines = schema.split('\n');
  const begin = lines.findIndex((line) => line.trimStart().startsWith(BEGIN_PREFIX));
  const endAt = lines.findIndex((line, i) => i > begin && line.trimStart().startsWith(END_MARKER));
  if (begin === -1 && lines.every((line) => !line.trimStart().startsWith(END_MARKER))) return 'missing';
  if (begin === -1 || endAt === -1) return 'malformed';
  const offsetOf = (lineIndex: number) => lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
  return {
    start: offsetOf(begin),
    end: offsetOf(endAt) + (lines[endAt]?.length ?? 0),
    body: lines.slice(begin + 1, endAt).join('\n'),
  };
}

/** The schema with its messaging block replaced by (or appended as) the canonical one. */
export function syncMessagingBlock(schema: string, canonical: string): string {
  const found = locate(schema);
  if (found === 'malformed') {
    throw new Error(`the messaging block markers are broken (need one "${BEGIN_PREFIX}…" line followed by "${END_MARKER}")`);
  }
  if (found === 'missing') return `${schema.trimEnd()}\n\n${renderBlock(canonical)}\n`;
  return schema.slice(0, found.start) + renderBlock(canonical) + schema.slice(found.end);
}

/** Why the context's block differs from the canonical models, or null when it matches. */
export function checkMessagingBlock(schema: string, canonical: string): string | null {
  const found = locate(schema);
  if (found === 'missing') return 'the messaging block is missing';
  if (found === 'malformed') return 'the messaging block markers are broken';
  return normalize(found.body) === normalize(canonical) ? null : 'the messaging block differs from prisma/models/messaging.prisma';
}
