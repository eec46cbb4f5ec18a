import { describe, expect, it } from 'vitest';
import { checkSharedBlocks, findSharedBlocks, syncSharedBlocks } from './shared-blocks';

const sources: Record<string, string> = {
  'kernel/a.prisma': 'model A {\n  id Int @id\n}',
  'kernel/b.prisma': 'model B {\n  id Int @id\n}',
};
const read = async (source: string) => {
  const text = sources[source];
  if (text === undefined) throw new Error(`no ${source}`);
  return text;
};
const block = (name: string, source: string, body: string) =>
  `// ── ${name}: begin (generated from ${source} — do not edit)\n${body}\n// ── ${name}: end`;

describe('shared model blocks', () => {
  const stale = `model Own {\n  id Int @id\n}\n\n${block('kernel-a', 'kernel/a.prisma', 'model A {\n  old Int @id\n}')}\n\n${block('kernel-b', 'kernel/b.prisma', '')}\n`;

  it('rewrites every opted-in block from its canonical file and leaves the rest alone', async () => {
    const synced = await syncSharedBlocks(stale, read);
    expect(synced).toContain('model Own {');
    expect(synced).toContain(block('kernel-a', 'kernel/a.prisma', sources['kernel/a.prisma']!));
    expect(synced).toContain(block('kernel-b', 'kernel/b.prisma', sources['kernel/b.prisma']!));
    expect(await syncSharedBlocks(synced, read)).toBe(synced);
  });

  it('reports a drifted block by name and accepts a synced one', async () => {
    expect(await checkSharedBlocks(stale, read)).toBe('the kernel-a block differs from kernel/a.prisma');
    expect(await checkSharedBlocks(await syncSharedBlocks(stale, read), read)).toBeNull();
  });

  it('ignores the messaging block (owned elsewhere) and refuses a block without its end line', () => {
    expect(findSharedBlocks(block('messaging', 'prisma/models/messaging.prisma', 'x'))).toEqual([]);
    expect(() => findSharedBlocks('// ── kernel-a: begin (generated from kernel/a.prisma — do not edit)\nmodel A {}\n')).toThrow(
      /no "\/\/ ── kernel-a: end" line/,
    );
  });
});
