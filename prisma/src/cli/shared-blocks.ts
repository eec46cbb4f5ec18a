import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KIT_DIR } from './context-paths';

/**
 * Shared model blocks other than messaging: a context opts in by placing a block in its
 * schema.prisma whose begin marker names the canonical file (relative to the repository root):
 *
 *   // ── audience-social: begin (generated from packages/audience/prisma/social-facts.prisma — do not edit)
 *   …
 *   // ── audience-social: end
 *
 * `agora-prisma generate` rewrites each such block from its file and `check` fails when one
 * drifted, so a shared kernel's tables stay identical in every database that holds them.
 */
const BEGIN = /^\/\/ ── ([a-z0-9-]+): begin \(generated from (\S+) — do not edit\)\s*$/;

export interface SharedBlock {
  name: string;
  /** The canonical file, relative to the repository root. */
  source: string;
  start: number;
  end: number;
  body: string;
}

export const REPO_ROOT = join(KIT_DIR, '..');

const normalize = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();

/** Every opted-in block except `messaging` (which messaging-block.ts owns). */
export function findSharedBlocks(schema: string): SharedBlock[] {
  const lines = schema.split('\n');
  const offsetOf = (lineIndex: number) => lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
  const blocks: SharedBlock[] = [];
  lines.forEach((line, begin) => {
    const match = BEGIN.exec(line.trim());
    if (!match || match[1] === 'messaging') return;
    const [, name, source] = match as unknown as [string, string, string];
    const endAt = lines.findIndex((candidate, i) => i > begin && candidate.trim() === `// ── ${name}: end`);
    if (endAt === -1) throw new Error(`the ${name} block has no "// ── ${name}: end" line`);
    blocks.push({
      name,
      source,
      start: offsetOf(begin),
      end: offsetOf(endAt) + (lines[endAt]?.length ?? 0),
      body: lines.slice(begin + 1, endAt).join('\n'),
    });
  });
  return blocks;
}

export type ReadSource = (source: string) => Promise<string>;
export const readFromRepo: ReadSource = (source) => readFile(join(REPO_ROOT, source), 'utf8');

function render(block: SharedBlock, canonical: string): string {
  return `// ── ${block.name}: begin (generated from ${block.source} — do not edit)\n${normalize(canonical)}\n// ── ${block.name}: end`;
}

/** The schema with every opted-in block rewritten from its canonical file. */
export async function syncSharedBlocks(schema: string, read: ReadSource = readFromRepo): Promise<string> {
  let result = schema;
  // Back to front, so earlier offsets stay valid while later blocks are replaced.
  for (const block of findSharedBlocks(schema).reverse()) {
    result = result.slice(0, block.start) + render(block, await read(block.source)) + result.slice(block.end);
  }
  return result;
}

/** Why an opted-in block differs from its canonical file, or null when all match. */
export async function checkSharedBlocks(schema: string, read: ReadSource = readFromRepo): Promise<string | null> {
  for (const block of findSharedBlocks(schema)) {
    if (normalize(block.body) !== normalize(await read(block.source))) return `the ${block.name} block differs from ${block.source}`;
  }
  return null;
}
