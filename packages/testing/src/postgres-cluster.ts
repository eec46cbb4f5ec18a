import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinDir } from './executables';
import { freePort } from './free-port';
import { guardDirectory, guardProcess } from './orphan-guard';

const execFile = promisify(execFileCallback);

export interface PostgresCluster {
  /** Admin URL (database `postgres`). */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Thrown when no Postgres server binaries (initdb, pg_ctl) are installed. */
export class PostgresNotInstalledError extends Error {
  constructor() {
    super(
      'Postgres server binaries not found (/usr/lib/postgresql/*/bin or PATH): install them with `apt-get install -y postgresql`, or set TEST_POSTGRES_URL',
    );
    this.name = 'PostgresNotInstalledError';
  }
}

// The server refuses to run as root, so as root every command runs as the `postgres` user.
const runningAsRoot = process.getuid?.() === 0;

async function runPg(binDir: string, tool: string, args: string[]): Promise<void> {
  const command = join(binDir, tool);
  const [file, argv] = runningAsRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  try {
    await execFile(file, argv, { timeout: 120_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const detail = [stderr, stdout].filter(Boolean).join('\n').trim();
    throw new Error(`${tool} failed${detail ? `: ${detail}` : ''}`, { cause: error });
  }
}

async function makeOwnedTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agora-pg-'));
  if (runningAsRoot) {
    const id = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    let uid: number;
    let gid: number;
    try {
      uid = id('-u');
      gid = id('-g');
    } catch {
      await rm(dir, { recursive: true, force: true });
      throw new Error('running as root needs a `postgres` user to run the server as (the postgresql package creates it)');
    }
    await chown(dir, uid, gid);
  }
  return dir;
}

/** initdb + pg_ctl (as the `postgres` user when run as root) on a free port, trust auth, 127.0.0.1 only. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new PostgresNotInstalledError();

  const dir = await makeOwnedTempDir();
  const dirGuard = guardDirectory(dir);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  try {
    // --no-sync and fsync=off: a throwaway cluster trades durability for speed.
    await runPg(binDir, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        '-k /tmp',
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        // Many test files, each with its own pool, share this cluster.
        '-c max_connections=300',
      ].join(' ');
      try {
        await runPg(binDir, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start', '-o', serverOptions]);
        break;
      } catch (error) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
        throw new Error(`${(error as Error).message}\n${log.split('\n').slice(-15).join('\n')}`, { cause: error });
      }
    }

    const postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    // SIGQUIT = immediate shutdown: the quickest way to make sure nothing outlives a crashed run.
    const serverGuard = guardProcess(postmasterPid, { signal: 'SIGQUIT' });

    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      stop() {
        stopping ??= (async () => {
          try {
            await runPg(binDir, 'pg_ctl', ['-D', dataDir, 'stop', '-m', 'fast', '-w', '-t', '30']);
          } finally {
            serverGuard.release();
            await rm(dir, { recursive: true, force: true });
            dirGuard.release();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    // A half-started cluster: make sure no server keeps running on the directory we remove.
    await runPg(binDir, 'pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    dirGuard.release();
    throw error;
  }
}
