import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardDirectory } from './orphan-guard';

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/** A fresh directory under the OS temp dir; removed by `remove()`, or when the process ends. */
export async function tempDir(prefix = 'agora-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const guard = guardDirectory(path);
  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true });
      guard.release();
    },
  };
}
