import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A PGlite cluster template: the output of initdb, made once per PGlite version and machine and
 * kept as the tarball PGlite itself produces (`dumpDataDir`). A new database (in memory, or an
 * empty data directory) is then loaded from it (`loadDataDir`) instead of running initdb inside
 * WASM again: ~3–4 s of CPU saved per database (measured: in-memory initdb 2.9 s wall / 4.7 s
 * CPU, load from the template 0.6 s / 0.8 s). PGlite's own in-memory start does the same thing
 * internally (initdb into a scratch instance, dump, load); we only keep the dump.
 *
 * The template is taken from a cluster that initdb made on disk and that was then shut down
 * cleanly and opened again, before any statement ran: what every data directory looks like
 * after its first clean stop. Creation is safe under any number of concurrent processes: each
 * writes its own temporary file and renames it into place (atomic); readers only ever see a
 * complete file. Any failure to make or read it falls back to a plain initdb.
 *
 * `AGORA_PGLITE_TEMPLATE=off` disables it; `AGORA_PGLITE_TEMPLATE_DIR` chooses the cache folder
 * (default `node_modules/.cache/agora-pglite/`, else the OS temp folder).
 */

const require = createRequire(import.meta.url);

function pglitePackageDir(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

let version: string | undefined;
function pgliteVersion(): string {
  version ??= (JSON.parse(readFileSync(join(pglitePackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function cacheDirs(): string[] {
  const override = process.env.AGORA_PGLITE_TEMPLATE_DIR;
  if (override) return [override];
  // <root>/node_modules/@electric-sql/pglite -> <root>/node_modules/.cache/agora-pglite
  return [join(pglitePackageDir(), '..', '..', '.cache', 'agora-pglite'), join(tmpdir(), 'agora-pglite')];
}

function templateFile(dir: string): string {
  return join(dir, `cluster-${pgliteVersion()}.tar`);
}

/** initdb on disk, clean stop, clean start, dump before any statement. */
async function buildTemplate(): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), 'agora-pglite-initdb-'));
  try {
    // Named pgdata like the dump of an in-memory PGlite: the tarball's top folder.
    const dataDir = join(work, 'pgdata');
    const fresh = new PGlite(dataDir);
    await fresh.waitReady;
    await fresh.close();
    const reopened = new PGlite(dataDir);
    let tarball: Blob;
    try {
      await reopened.waitReady;
      tarball = await reopened.dumpDataDir('none');
    } finally {
      await reopened.close();
    }
    // Prove it loads before anybody else can use it.
    const check = new PGlite({ loadDataDir: tarball });
    try {
      await check.waitReady;
      await check.query('SELECT 1');
    } finally {
      await check.close();
    }
    return new Uint8Array(await tarball.arrayBuffer());
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readTemplate(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

/** Builds and publishes the template once per process (other processes may race: harmless). */
const building = new Map<string, Promise<string | undefined>>();
async function ensureTemplate(): Promise<string | undefined> {
  const dirs = cacheDirs();
  for (const dir of dirs) if (existsSync(templateFile(dir))) return templateFile(dir);
  const key = dirs.join('\0');
  let pending = building.get(key);
  pending ??= (async () => {
    const bytes = await buildTemplate();
    for (const dir of dirs) {
      const file = templateFile(dir);
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temp, bytes);
        await rename(temp, file);
        return file;
      } catch {
        await rm(temp, { force: true }).catch(() => undefined);
      }
    }
    return undefined;
  })().catch(() => undefined);
  building.set(key, pending);
  const file = await pending;
  building.delete(key);
  return file;
}

/** The initdb template as a tarball for `loadDataDir`, or undefined (then let PGlite run initdb). */
export async function pgliteClusterTemplate(): Promise<Blob | undefined> {
  if (process.env.AGORA_PGLITE_TEMPLATE === 'off') return undefined;
  try {
    const file = await ensureTemplate();
    return file === undefined ? undefined : await readTemplate(file);
  } catch {
    return undefined;
  }
}

/** Where the template lives (for tests and tools); undefined when none could be made. */
export async function pgliteClusterTemplateFile(): Promise<string | undefined> {
  return ensureTemplate();
}
