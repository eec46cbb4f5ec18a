/**
 * Starts the platform as child processes: NATS, every subgraph (concurrently), then the gateway,
 * each awaited on `/health/ready`. A failure at any point stops what was already started.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  describeExit,
  freePort,
  spawnManaged,
  startNats,
  waitUntilReady,
  type ManagedProcess,
  type NatsServer,
  type ProcessExit,
} from '@agora/testing';
import {
  credentialsOf,
  ensurePlatformStreams,
  generatePlatformNatsAuth,
  natsEnvFor,
  writeCredentialsFile,
  type NatsCredentials,
} from './nats-auth';
import { prefixedWriter, type LineSink } from './output';
import { envPrefix, loadServices, type ServiceDefinition } from './service-registry';

export interface PlatformOptions {
  /** Repository root. */
  rootDir: string;
  /** Where NATS and PGlite keep data; default `<rootDir>/.data`. */
  dataDir?: string;
  /** Use free ports instead of the defaults (tests). */
  randomPorts?: boolean;
  /** Use this NATS instead of starting one (anonymous: a server without auth). */
  natsUrl?: string;
  /**
   * Use this NATS (e.g. `startNats({ auth: { users: generateNatsUsers() } })` from a test): its
   * url, and its users' credentials when it has auth. Wins over `natsUrl`.
   */
  natsServer?: Pick<NatsServer, 'url' | 'auth'>;
  /** Extra env for every child (e.g. per-context DATABASE_URLs, short timeouts). */
  env?: Record<string, string>;
  /** Child output: `prefix` (lines prefixed with the service name, default), `ignore`, or a callback. */
  output?: 'prefix' | 'ignore' | ((service: string, line: string) => void);
  /** Per service readiness timeout; default 180 s (nine processes opening fresh PGlite directories on a small machine). */
  readyTimeoutMs?: number;
  /** The registry to read; default `<rootDir>/schema/subgraphs.json`. */
  registryPath?: string;
  /** Run these services instead of the registry's (subgraphs in order, gateway last). */
  services?: readonly ServiceDefinition[];
  /** Fixed ports by service name (`gateway` included) when not `randomPorts`; default each service's own. */
  ports?: Record<string, number>;
  /** NATS port when NATS is started without `randomPorts`; default 4222. */
  natsPort?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 10 s. */
  stopTimeoutMs?: number;
  /** Aborting stops the start-up: what was started is stopped and startPlatform rejects. */
  signal?: AbortSignal;
  /** Called when a service exits on its own after start-up (not during stop()). */
  onUnexpectedExit?: (service: string, description: string) => void;
}
export interface RunningService {
  name: string;
  url: string;
  port: number;
  /** The current process's pid (a restart changes it). */
  readonly pid: number;
}
export interface RestartOptions {
  /** Env for this run only (e.g. `AGORA_FAULT`), over the service's own. */
  env?: Record<string, string>;
  /** Wait for `/health/ready`; default true. A run expected to crash early (a fault point) passes false. */
  waitReady?: boolean;
}
export interface Platform {
  gatewayUrl: string;
  natsUrl: string;
  /**
   * The NATS credentials in use: generated on every start when the platform starts NATS (also
   * written to `<dataDir>/nats-credentials.json`, mode 0600), taken from `natsServer.auth`
   * otherwise; undefined without auth (`natsUrl`). Connect tools as `admin`.
   */
  natsCredentials: NatsCredentials | undefined;
  services: RunningService[];
  /** The NATS server this platform started (undefined when `natsUrl` was given). */
  nats:
    | {
        readonly pid: number | undefined;
        storeDir: string;
        /** SIGKILL (default) or SIGTERM the server and wait until it is gone. */
        kill(signal?: NodeJS.Signals): Promise<void>;
        /** Starts it again on the same port and store directory (after kill). */
        restart(): Promise<void>;
      }
    | undefined;
  dataDir: string;
  /** The current process of a service, if it is running. */
  pidOf(service: string): number | undefined;
  /** Resolves when the service's current process exits. */
  exited(service: string): Promise<ProcessExit>;
  /** SIGKILL (default) a service and wait for its exit; not reported as unexpected. */
  kill(service: string, signal?: NodeJS.Signals): Promise<ProcessExit>;
  /**
   * Starts a service again (killing the running process first, if any) on its port, with its data
   * directory and env, plus `options.env` for this run only. An exit of the new process after
   * start-up is reported to `onUnexpectedExit` like any other.
   */
  restart(service: string, options?: RestartOptions): Promise<void>;
  /** SIGTERM in reverse start order, wait for exits (SIGKILL after a timeout), then NATS. */
  stop(): Promise<void>;
}

// The TypeScript loader children run with, resolved from the repo's node_modules once.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function serviceUrl(port: number): string {
  return `http://127.0.0.1:${port}/graphql`;
}

async function isReady(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status === 200;
}

/** A fixed port already taken would make another process answer our readiness probe. */
function assertPortFree(port: number, service: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} for ${service} is already in use (another \`npm start\` still running?); set ${service === 'gateway' ? 'GATEWAY' : envPrefix(service)}_PORT to use another`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise()));
  });
}

function sinkFor(output: PlatformOptions['output'], names: string[]): LineSink | undefined {
  if (output === 'ignore') return undefined;
  if (typeof output === 'function') return output;
  return prefixedWriter(names);
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const rootDir = resolve(options.rootDir);
  const services = options.services ?? loadServices(options.registryPath ?? join(rootDir, 'schema', 'subgraphs.json'));
  const subgraphs = services.filter((service) => service.kind === 'subgraph');
  const gateways = services.filter((service) => service.kind === 'gateway');
  const dataDir = resolve(options.dataDir ?? join(rootDir, '.data'));
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const sink = sinkFor(options.output, ['nats', ...services.map((service) => service.name)]);
  const abortSignal = options.signal;

  for (const service of services) {
    if (!existsSync(join(rootDir, service.dir, 'src', 'main.ts'))) {
      throw new Error(`${service.name}: ${join(service.dir, 'src', 'main.ts')} not found under ${rootDir}`);
    }
  }
  await mkdir(dataDir, { recursive: true });

  const started: Slot[] = [];
  let nats: NatsServer | undefined;
  let stopping: Promise<void> | undefined;

  const stop = () => {
    stopping ??= (async () => {
      for (const { child } of [...started].reverse()) await child.stop({ timeoutMs: stopTimeoutMs });
      await nats?.stop();
    })();
    return stopping;
  };

  const throwIfAborted = () => {
    if (abortSignal?.aborted) throw new Error('start-up aborted');
  };
  // Readiness waits also end when the start-up is aborted.
  // Each wait removes its listener when it settles, so a platform of many services adds none for good.
  const untilAborted = <T>(work: Promise<T>): Promise<T> => {
    if (!abortSignal) return work;
    let onAbort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error('start-up aborted'));
      if (abortSignal.aborted) onAbort();
      else abortSignal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([work, aborted]).finally(() => abortSignal.removeEventListener('abort', onAbort));
  };

  try {
    throwIfAborted();
    let natsUrl = options.natsServer?.url ?? options.natsUrl;
    let natsCredentials: NatsCredentials | undefined;
    if (options.natsServer?.auth) {
      natsCredentials = credentialsOf(options.natsServer.auth.users);
      await untilAborted(ensurePlatformStreams(options.natsServer.url, natsCredentials));
    }
    if (!natsUrl) {
      // Fresh credentials on every start; anonymous connections are refused.
      const auth = generatePlatformNatsAuth(dataDir);
      natsCredentials = auth.credentials;
      nats = await untilAborted(
        startNats({
          auth: { users: auth.users, configPath: auth.configPath },
          storeDir: join(dataDir, 'nats'),
          port: options.randomPorts ? undefined : (options.natsPort ?? 4222),
          onLine: sink ? (line) => sink('nats', line) : undefined,
        }),
      );
      natsUrl = nats.url;
      await writeCredentialsFile(dataDir, auth.credentials, natsUrl);
      await untilAborted(ensurePlatformStreams(natsUrl, auth.credentials));
    }

    const ports = new Map<string, number>();
    for (const service of services) {
      const port = options.randomPorts ? await freePort() : (options.ports?.[service.name] ?? service.defaultPort);
      if (!options.randomPorts) await assertPortFree(port, service.name);
      ports.set(service.name, port);
    }

    const gatewayPort = gateways.length > 0 ? ports.get(gateways[0]!.name) : undefined;

    // One secret per platform start, shared by the gateway (signs the identity header) and the
    // subgraphs (verify it). The rest of the parent's environment passes through to every child:
    // SMTP_URL (unset: mail is written as .eml files to <DATA_DIR>/mail/), MAIL_FROM,
    // AUTH_REQUIRE_VERIFIED_EMAIL, AGORA_RATE_LIMITS (`npm start` keeps limits on), OAuth settings.
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      AGORA_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      // Media signs upload and file URLs for the origin browsers use: the gateway's (which proxies /media).
      ...(gatewayPort !== undefined ? { MEDIA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}` } : {}),
      // Links in mail (verify, reset, unsubscribe) point at the gateway's pages unless told otherwise.
      ...(gatewayPort !== undefined && !process.env.AGORA_PUBLIC_URL ? { AGORA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}` } : {}),
      ...options.env,
      HOST: '127.0.0.1',
      NATS_URL: natsUrl,
      DATA_DIR: dataDir,
    };

    const spawnService = (service: ServiceDefinition, env: NodeJS.ProcessEnv): ManagedProcess =>
      spawnManaged({
        command: process.execPath,
        args: ['--import', TSX_LOADER, 'src/main.ts'],
        cwd: join(rootDir, service.dir),
        env,
        onLine: sink ? (line) => sink(service.name, line) : undefined,
        keepLines: 40,
      });
    const launch = async (service: ServiceDefinition, extraEnv: Record<string, string>) => {
      throwIfAborted();
      const port = ports.get(service.name)!;
      const env = {
        ...baseEnv,
        ...natsEnvFor(natsCredentials, service.name),
        ...extraEnv,
        [`${envPrefix(service.name)}_PORT`]: String(port),
      };
      const child = spawnService(service, env);
      started.push({ service, port, env, child, expectedExit: false });
      await untilAborted(waitUntilReady(service.name, child, () => isReady(port), { timeoutMs: readyTimeoutMs, intervalMs: 100 }));
    };

    await Promise.all(subgraphs.map((service) => launch(service, {})));

    const gatewayEnv: Record<string, string> = {};
    for (const service of subgraphs) gatewayEnv[`${envPrefix(service.name)}_URL`] = serviceUrl(ports.get(service.name)!);
    const identityPort = ports.get('identity');
    if (identityPort !== undefined && subgraphs.some((service) => service.name === 'identity')) {
      gatewayEnv.IDENTITY_JWKS_URL = `http://127.0.0.1:${identityPort}/.well-known/jwks.json`;
    }
    for (const gateway of gateways) await launch(gateway, gatewayEnv);

    for (const slot of started) watchExit(slot, () => stopping !== undefined, options.onUnexpectedExit);
    const control = serviceControl(started, {
      spawn: (slot, env) => spawnService(slot.service, env),
      ready: (slot) =>
        waitUntilReady(slot.service.name, slot.child, () => isReady(slot.port), { timeoutMs: readyTimeoutMs, intervalMs: 100 }),
      isStopping: () => stopping !== undefined,
      onUnexpectedExit: options.onUnexpectedExit,
    });

    const running: RunningService[] = started.map((slot) => ({
      name: slot.service.name,
      url: serviceUrl(slot.port),
      port: slot.port,
      get pid() {
        return slot.child.pid!;
      },
    }));
    const gateway = running.find((service) => gateways.some((g) => g.name === service.name));
    return {
      gatewayUrl: gateway?.url ?? '',
      natsUrl,
      natsCredentials,
      services: running,
      nats: nats
        ? {
            get pid() {
              return nats!.pid;
            },
            storeDir: nats.storeDir,
            kill: (signal) => killNats(nats!, signal),
            restart: () => nats!.restart(),
          }
        : undefined,
      dataDir,
      ...control,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One service's process slot: a restart puts a new child in it, same port and env. */
interface Slot {
  service: ServiceDefinition;
  port: number;
  env: NodeJS.ProcessEnv;
  child: ManagedProcess;
  /** Set by kill()/restart(): this child's exit is not reported as unexpected. */
  expectedExit: boolean;
}

function watchExit(slot: Slot, isStopping: () => boolean, onUnexpectedExit: PlatformOptions['onUnexpectedExit']): void {
  const { child } = slot;
  void child.exited.then(async (exit) => {
    if (isStopping() || slot.child !== child || slot.expectedExit) return;
    await child.outputDrained();
    onUnexpectedExit?.(slot.service.name, describeExit(slot.service.name, exit, child.lastLines()));
  });
}

/** kill/restart of one service, for `npm start`'s supervisor and the chaos driver. */
function serviceControl(
  slots: Slot[],
  parts: {
    spawn: (slot: Slot, env: NodeJS.ProcessEnv) => ManagedProcess;
    ready: (slot: Slot) => Promise<void>;
    isStopping: () => boolean;
    onUnexpectedExit: PlatformOptions['onUnexpectedExit'];
  },
): Pick<Platform, 'pidOf' | 'exited' | 'kill' | 'restart'> {
  const slotOf = (name: string): Slot => {
    const slot = slots.find((candidate) => candidate.service.name === name);
    if (!slot) throw new Error(`no service ${name} in this platform`);
    return slot;
  };
  const kill = async (name: string, signal: NodeJS.Signals = 'SIGKILL') => {
    const slot = slotOf(name);
    slot.expectedExit = true;
    return slot.child.stop({ signal, timeoutMs: 10_000 });
  };
  return {
    pidOf: (name) => {
      const { child } = slotOf(name);
      return child.hasExited ? undefined : child.pid;
    },
    exited: (name) => slotOf(name).child.exited,
    kill,
    async restart(name, options = {}) {
      if (parts.isStopping()) throw new Error('the platform is stopping');
      const slot = slotOf(name);
      if (!slot.child.hasExited) await kill(name);
      else await slot.child.stop(); // clears what it left in its process group
      slot.child = parts.spawn(slot, { ...slot.env, ...options.env });
      slot.expectedExit = false;
      watchExit(slot, parts.isStopping, parts.onUnexpectedExit);
      if (options.waitReady ?? true) await parts.ready(slot);
    },
  };
}

async function killNats(nats: NatsServer, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const pid = nats.pid;
  if (pid === undefined) return;
  if (signal === 'SIGTERM') return nats.stop();
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
  const deadline = Date.now() + 10_000;
  while (nats.pid !== undefined) {
    if (Date.now() > deadline) throw new Error(`nats-server (pid ${pid}) did not exit after ${signal}`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
  }
  await nats.stop(); // clears what it left in its process group
}
