/**
 * `npm start` → `tsx packages/devstack/src/cli.ts start`: the whole platform on this machine,
 * data in `<repo>/.data` (kept across restarts), Ctrl-C stops everything cleanly. A service that
 * exits unexpectedly is restarted on its port with backoff (1 s doubling to 30 s, reset after a
 * minute up), and the cli says so in one line per event.
 *
 * Options: --root <dir> (repository root), --data-dir <dir>. Env passed through: GATEWAY_PORT,
 * <NAME>_PORT, <NAME>_DATABASE_URL, NATS_URL (use that NATS instead of starting one), NATS_PORT.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNatsServer } from './ensure-nats';
import { prefixedWriter } from './output';
import { startPlatform, type Platform } from './platform';
import { envPrefix, loadServices, REPO_ROOT } from './service-registry';
import { statusReport } from './status-table';
import { createSupervisor } from './supervisor';

const USAGE = 'usage: cli.ts start [--root <repo dir>] [--data-dir <dir>]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function portFromEnv(variable: string): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) fail(`${variable}: expected a port number, got "${raw}"`, 78);
  return port;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { root: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 64);
  }
  const command = parsed.positionals[0] ?? 'start';
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  if (command !== 'start' || parsed.positionals.length > 1) fail(USAGE, 64);

  const rootDir = resolve(parsed.values.root ?? REPO_ROOT);
  const dataDir = resolve(parsed.values['data-dir'] ?? resolve(rootDir, '.data'));
  const natsUrl = process.env.NATS_URL || undefined;
  if (!natsUrl) {
    const nats = ensureNatsServer();
    if (!nats.ok) fail(nats.message);
  }

  let services;
  try {
    services = loadServices(resolve(rootDir, 'schema', 'subgraphs.json'));
  } catch (error) {
    fail((error as Error).message);
  }
  const ports: Record<string, number> = {};
  for (const service of services) {
    const port = portFromEnv(`${envPrefix(service.name)}_PORT`);
    if (port !== undefined) ports[service.name] = port;
  }

  // Signals: the children run in their own process groups, so a terminal's Ctrl-C reaches only
  // us; we stop them in order. A signal during start-up aborts it (startPlatform cleans up).
  const abort = new AbortController();
  // eslint-disable-next-line prefer-const -- assigned below, read by shutdown(), which a signal may run before then
  let starting: Promise<Platform> | undefined;
  let shuttingDown = false;
  // A service that dies after start-up is restarted with backoff (1 s → 30 s), one line per event.
  const supervisor = createSupervisor({
    restart: async (service) => {
      const running = await starting;
      await running!.restart(service);
    },
    log: (line) => console.error(line),
  });
  const shutdown = async (exitCode: number, why: string) => {
    if (shuttingDown) {
      console.error('devstack: already stopping, waiting for services to exit…');
      return;
    }
    shuttingDown = true;
    supervisor.stop();
    console.error(`devstack: ${why}, stopping…`);
    abort.abort();
    // During start-up, startPlatform stops what it started before it rejects.
    const running = await starting?.catch(() => undefined);
    await running?.stop();
    console.error('devstack: stopped');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(0, signal));
  }

  const write = prefixedWriter(['nats', ...services.map((service) => service.name)]);
  starting = startPlatform({
    rootDir,
    dataDir,
    natsUrl,
    natsPort: portFromEnv('NATS_PORT'),
    ports,
    services,
    output: (service, line) => {
      // NATS's start-up banner is a screenful of [INF] lines; its warnings and errors still show.
      if (service === 'nats' && line.includes('[INF]')) return;
      write(service, line);
    },
    signal: abort.signal,
    onUnexpectedExit: (service, description) => supervisor.exited(service, description),
  });
  let platform: Platform;
  try {
    platform = await starting;
  } catch (error) {
    if (shuttingDown) return; // aborted by a signal: shutdown() exits
    fail(`devstack: could not start the platform: ${(error as Error).message}`);
  }
  if (shuttingDown) return; // shutdown() stops it and exits

  console.log(statusReport(platform, services));
}

main().catch((error: unknown) => fail(`devstack: ${error instanceof Error ? error.message : String(error)}`));
