import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir';

describe('tempDir', () => {
  it('creates a fresh directory under the OS temp dir and removes it with its content', async () => {
    const dir = await tempDir('agora-unit-');
    expect(statSync(dir.path).isDirectory()).toBe(true);
    expect(dir.path.startsWith(tmpdir())).toBe(true);
    expect(basename(dir.path).startsWith('agora-unit-')).toBe(true);
    await writeFile(join(dir.path, 'file.txt'), 'x');
    await dir.remove();
    expect(existsSync(dir.path)).toBe(false);
  });

  it('gives every call its own directory', async () => {
    const [a, b] = await Promise.all([tempDir(), tempDir()]);
    expect(a.path).not.toBe(b.path);
    await Promise.all([a.remove(), b.remove()]);
  });
});
