import { writeFile, chmod } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
import { findNatsServer } from './executables';
import { spawnManaged, waitUntilReady, type ManagedProcess } from './managed-process';
import { tempDir } from './temp-dir';

export interface NatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Pid of the running server; undefined while stopped. */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, waits for exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store directory (after stop). */
  restart(): Promise<void>;
  /** The users this server accepts (undefined: anonymous connections, no auth). */
  auth: NatsAuth | undefined;
}

/** A user and its permissions, as nats-server's `authorization.users` takes them. */
export interface NatsAuthUser {
  user: string;
  password: string;
  permissions?: { publish?: { allow?: string[]; deny?: string[] }; subscribe?: { allow?: string[]; deny?: string[] } };
}

/**
 * Users for the server (e.g. @agora/messaging `generateNatsUsers()`). With auth, anonymous
 * connections are refused (no `no_auth_user`).
 */
export interface NatsAuth {
  users: NatsAuthUser[];
  /** Where the server's config (with the passwords) is written, mode 0600; default a file in a temp dir. */
  configPath?: string;
}

export interface StartNatsOptions {
  /** JetStream store directory; default a temp dir removed when the process exits. */
  storeDir?: string;
  /** Default: a free port (retried if another process grabs it first). */
  port?: number;
  /** Called with each line the server logs. */
  onLine?: (line: string) => void;
  /** Readiness timeout; default 15 s. */
  readyTimeoutMs?: number;
  /** Require these users (opt-in; without it the server accepts anonymous connections). */
  auth?: NatsAuth;
}

/** True once something on host:port greets us with the NATS `INFO` line. */
export function natsAcceptsConnections(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('utf8').startsWith('INFO')));
  });
}

/** Starts `nats-server -js` on 127.0.0.1 and a free port with a temp store dir; waits until it accepts connections. */
export async function startNats(options: StartNatsOptions = {}): Promise<NatsServer> {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error('nats-server not found (PATH, /usr/sbin): install it with `apt-get install -y nats-server`');
  }
  let storeDir = options.storeDir;
  if (!storeDir) {
    // Kept across stop()/restart() so JetStream state survives a restart; tempDir removes it
    // when this process exits.
    storeDir = (await tempDir('agora-nats-')).path;
  }
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let configArgs: string[] = [];
  if (options.auth) {
    const configPath = options.auth.configPath ?? join((await tempDir('agora-nats-conf-')).path, 'nats-server.conf');
    // The config format is a superset of JSON; quoted strings are taken literally (no $VAR).
    const config = `authorization ${JSON.stringify({ users: options.auth.users }, null, 2)}\n`;
    await writeFile(configPath, config, { mode: 0o600 });
    await chmod(configPath, 0o600); // writeFile keeps an existing file's mode
    configArgs = ['-c', configPath];
  }

  async function launch(port: number): Promise<ManagedProcess> {
    // A connection alone is not proof: another server may already hold the port (ours then exits
    // with "address already in use"), so also wait for our own process to log that it is ready.
    let loggedReady = false;
    const child = spawnManaged({
      command: binary!,
      args: [...configArgs, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir!],
      onLine: (line) => {
        if (line.includes('Server is ready')) loggedReady = true;
        options.onLine?.(line);
      },
    });
    await waitUntilReady(`nats-server on port ${port}`, child, async () => loggedReady && (await natsAcceptsConnections(port)), {
      timeoutMs: readyTimeoutMs,
    });
    return child;
  }

  let port = options.port ?? (await freePort());
  let child: ManagedProcess | undefined;
  for (let attempt = 1; !child; attempt++) {
    try {
      child = await launch(port);
    } catch (error) {
      const portTaken = error instanceof Error && /address already in use/i.test(error.message);
      if (options.port !== undefined || !portTaken || attempt >= 3) throw error;
      port = await freePort();
    }
  }

  let current: ManagedProcess | undefined = child;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    auth: options.auth,
    get pid() {
      return current && !current.hasExited ? current.pid : undefined;
    },
    async stop() {
      await current?.stop();
    },
    async restart() {
      if (current && !current.hasExited) throw new Error('restart(): stop the NATS server first');
      current = await launch(port);
    },
  };
}
