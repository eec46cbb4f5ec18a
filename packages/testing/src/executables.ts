import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on PATH or in `extraDirs`, or undefined. */
export function findExecutable(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The nats-server binary: `NATS_SERVER_BIN` if set, else PATH, else the usual system dirs
 * (Debian installs it in /usr/sbin, which is not on a normal user's PATH).
 */
export function findNatsServer(): string | undefined {
  const explicit = process.env.NATS_SERVER_BIN;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  return findExecutable('nats-server', ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin']);
}

/**
 * Directory with Postgres server binaries (initdb, pg_ctl): `POSTGRES_BIN_DIR` if set, else
 * `/usr/lib/postgresql/15/bin`, else the newest `/usr/lib/postgresql/<n>/bin`, else wherever
 * `initdb` is on PATH.
 */
export function findPostgresBinDir(): string | undefined {
  const explicit = process.env.POSTGRES_BIN_DIR;
  if (explicit) return isExecutable(join(explicit, 'initdb')) ? explicit : undefined;
  const base = '/usr/lib/postgresql';
  const preferred = join(base, '15', 'bin');
  if (isExecutable(join(preferred, 'initdb'))) return preferred;
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((entry) => /^\d+(\.\d+)?$/.test(entry))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(base, version, 'bin');
      if (isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'))) return dir;
    }
  }
  const initdb = findExecutable('initdb');
  return initdb ? join(initdb, '..') : undefined;
}
