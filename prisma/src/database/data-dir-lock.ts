import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'agora.lock';
/** Data dirs open in this process: a second PGlite on the same files corrupts them. */
const openHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Claims a PGlite data directory for this process. PGlite has no lock of its own and two
 * instances on one directory corrupt it (electric-sql/pglite#1106), so we keep a pid file in the
 * directory and refuse while its owner is alive; a lock left by a crashed process is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  if (openHere.has(dir)) throw new Error(`PGlite data directory ${dir} is already open in this process`);
  const path = join(dir, LOCK_FILE);
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(`PGlite data directory ${dir} is in use by process ${owner} (only one process may open it)`);
    }
    await writeFile(path, String(process.pid));
  }
  openHere.add(dir);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      openHere.delete(dir);
      await rm(path, { force: true });
    },
  };
}
