import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DatabaseOptions } from '@agora/prisma-kit';

/**
 * `<data dir>.owner.json` beside a PGlite data directory: which identity process has it open and
 * where its operations channel listens. A second process must never open that directory (it
 * corrupts it), so the ops CLIs read this first: a live owner is asked through its channel (found
 * even when the shell's IDENTITY_PORT differs), and its directory is never opened by the CLI.
 */
export interface PgliteOwner {
  pid: number;
  /** null while the process is starting (the directory is already open, the channel not yet listening). */
  opsUrl: string | null;
}

/** Null unless the database is PGlite on disk (Postgres and in-memory PGlite have no single owner). */
export function ownerFileOf(database: DatabaseOptions): string | null {
  if (database.url || database.memory || !database.dataDir) return null;
  return `${database.dataDir.replace(/\/+$/, '')}.owner.json`;
}

export async function recordOwner(file: string, owner: PgliteOwner): Promise<void> {
  await mkdir(dirname(file), { recursive: true }); // the first start: DATA_DIR may not exist yet
  await writeFile(file, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
}

/** Removes the file if it is still this process's (a later owner's file is left alone). */
export async function releaseOwner(file: string, pid = process.pid): Promise<void> {
  const current = await readOwner(file);
  if (current?.pid === pid) await rm(file, { force: true });
}

/** The recorded owner when that process is alive; null for none, or a stale file (a killed process). */
export async function liveOwner(file: string | null): Promise<PgliteOwner | null> {
  if (!file) return null;
  const owner = await readOwner(file);
  return owner && isAlive(owner.pid) ? owner : null;
}

async function readOwner(file: string): Promise<PgliteOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PgliteOwner>;
    if (typeof parsed.pid !== 'number' || (typeof parsed.opsUrl !== 'string' && parsed.opsUrl !== null)) return null;
    return { pid: parsed.pid, opsUrl: parsed.opsUrl };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
