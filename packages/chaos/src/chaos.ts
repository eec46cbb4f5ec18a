/**
 * The fault run: the whole platform (PGlite, or a throwaway Postgres cluster with a database per
 * context) under the mixed write load of `load.ts` while a driver kills -9 a random context, the
 * gateway or NATS and restarts it, and restarts contexts with each test-only fault point enabled.
 * Then the invariants of `invariants.ts` against what the load recorded.
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { envPrefix, loadServices, startPlatform, type Platform } from '@agora/devstack';
import { startPostgresCluster, tempDir, type PostgresCluster } from '@agora/testing';
import { checkDatabases, checkThroughGateway, type ContextDatabase, type InvariantResult } from './invariants';
import { COMMAND_KINDS, createLoad, rng } from './load';

export const ROOT_DIR = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export type Point =
  | 'uow.after-commit-before-publish'
  | 'relay.after-publish-before-mark'
  | 'consumer.after-effect-before-ack'
  | 'consumer.slower-than-ack-wait';
/** Each point on a context that passes through it under the load. */
export const FAULT_POINTS_FOR_CHAOS: { point: Point; context: string }[] = [
  { point: 'uow.after-commit-before-publish', context: 'posts' },
  { point: 'relay.after-publish-before-mark', context: 'social' },
  { point: 'consumer.after-effect-before-ack', context: 'feed' },
  { point: 'consumer.slower-than-ack-wait', context: 'comments' },
];
const ACK_WAIT_MS = 4_000;

export type Backend = 'pglite' | 'postgres';

export interface ChaosOptions {
  backend: Backend;
  durationMs: number;
  seed: number;
  points: { point: Point; context: string }[];
  log: (line: string) => void;
  /** Pause between two faults, uniformly in [min, max] ms; default [1000, 3000]. */
  faultPauseMs?: [number, number];
  /** At most this many processes down (restarting) at once; default 4. */
  maxDown?: number;
  /** Load workers; default 4. */
  workers?: number;
  /** How long each invariant may take to converge after the load; default 180 s. */
  settleTimeoutMs?: number;
  /** The short form (CI): the first kills are one of each kind here, before any random one. */
  quick?: { kinds: KillKind[] };
}
export type KillKind = 'context' | 'gateway' | 'nats';
export interface ChaosReport {
  text: string;
  lost: number;
  duplicated: number;
  /** kill -9 by the driver (contexts, gateway, NATS). */
  kills: number;
  /** SIGKILLs a fault point gave its own process. */
  pointKills: number;
  faults: Map<string, number>;
  hits: Map<string, number>;
  pointsMissing: string[];
  dlq: number;
  pending: number;
  stuckInOutbox: number;
  invariants: InvariantResult[];
  commands: number;
  /** Commands acknowledged while NATS was down (between its kill -9 and its restart). */
  ackedWhileNatsDown: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a restart that failed (a slow machine, a port in TIME_WAIT): a fault run must not die of its own driver. */
async function restartRobustly(
  platform: Platform,
  service: string,
  log: (line: string) => void,
  env?: Record<string, string>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await platform.restart(service, env ? { env } : {});
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      log(`chaos: restart of ${service} failed (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}; again`);
      await sleep(2_000 * attempt);
    }
  }
}

interface BackendSetup {
  env: Record<string, string>;
  /** The contexts' databases, opened for the direct checks; `running` = the platform still runs. */
  open(platform: Platform, running: boolean): Promise<{ dbs: ContextDatabase[]; close(): Promise<void> } | undefined>;
  cleanup(): Promise<void>;
}

async function setUpBackend(backend: Backend, contexts: string[], dataDir: string, log: (line: string) => void): Promise<BackendSetup> {
  if (backend === 'pglite') {
    return {
      env: {},
      // A PGlite directory has one owner: readable only once its context stopped.
      async open(_platform, running) {
        if (running) return undefined;
        const handles = contexts.map((context) => ({ context, db: new PGlite(join(dataDir, context)) }));
        return {
          dbs: handles.map(({ context, db }) => ({ context, query: async <T>(sql: string) => (await db.query<T>(sql)).rows })),
          close: async () => void (await Promise.all(handles.map(({ db }) => db.close()))),
        };
      },
      cleanup: async () => {},
    };
  }
  const cluster: PostgresCluster = await startPostgresCluster();
  log(`chaos: Postgres 15 cluster on 127.0.0.1:${cluster.port}`);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const urls = new Map<string, string>();
  for (const context of contexts) {
    const name = `chaos_${context.replace(/[^a-z0-9_]/g, '_')}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    urls.set(context, url.toString());
  }
  await admin.end();
  return {
    env: Object.fromEntries(contexts.map((context) => [`${envPrefix(context)}_DATABASE_URL`, urls.get(context)!])),
    async open() {
      const clients = await Promise.all(
        contexts.map(async (context) => {
          const client = new pg.Client({ connectionString: urls.get(context)! });
          await client.connect();
          return { context, client };
        }),
      );
      return {
        dbs: clients.map(({ context, client }) => ({ context, query: async <T>(sql: string) => (await client.query(sql)).rows as T[] })),
        close: async () => void (await Promise.all(clients.map(({ client }) => client.end()))),
      };
    },
    cleanup: () => cluster.stop(),
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const random = rng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const log = options.log;
  const data = await tempDir('agora-chaos-');
  const hits = new Map<string, number>();
  const faults = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let recent: string[] = [];
  const contexts = loadServices(join(ROOT_DIR, 'schema', 'subgraphs.json'))
    .filter((s) => s.kind === 'subgraph')
    .map((s) => s.name);
  const backend = await setUpBackend(options.backend, contexts, data.path, log);
  /** Services the driver is restarting right now (their exits are its own doing). */
  const handling = new Set<string>();
  const selfExits: string[] = [];
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({
      rootDir: ROOT_DIR,
      dataDir: data.path,
      randomPorts: true,
      readyTimeoutMs: 300_000,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        AGORA_RATE_LIMITS: 'off',
        AGORA_ACK_WAIT_MS: String(ACK_WAIT_MS),
        ...backend.env,
      },
      output: (service, line) => {
        const at = line.indexOf('fault point hit: ');
        if (at >= 0) count(hits, line.slice(at + 'fault point hit: '.length).trim());
        recent.push(`[${service}] ${line}`);
        if (recent.length > 300) recent = recent.slice(-200);
      },
      onUnexpectedExit: (service, description) => {
        if (handling.has(service)) return;
        // Not the driver's doing: say so, and bring it back as `npm start` would.
        selfExits.push(service);
        log(`chaos: ${service} exited on its own: ${description.split('\n')[0]}`);
        handling.add(service);
        void restartRobustly(platform!, service, log)
          .catch((error) => log(`chaos: could not restart ${service}: ${(error as Error).message.split('\n')[0]}`))
          .finally(() => handling.delete(service));
      },
    });
    return await drive(platform);
  } finally {
    await platform?.stop().catch(() => {});
    await backend.cleanup().catch((error) => log(`chaos: backend cleanup failed: ${(error as Error).message}`));
    await data.remove().catch(() => {});
  }

  async function drive(platform: Platform): Promise<ChaosReport> {
    log(`chaos: platform up (backend ${options.backend}, seed ${options.seed}), gateway ${platform.gatewayUrl}`);
    const started = Date.now();
    const load = createLoad({ gatewayUrl: () => platform.gatewayUrl, random, seed: options.seed });
    const deadline = Date.now() + options.durationMs;
    load.start(options.workers ?? 4);

    // ---- fault driver
    const subgraphs = platform.services.map((s) => s.name).filter((name) => name !== 'gateway');
    const waitHit = async (point: string, before: number, timeoutMs: number) => {
      const end = Date.now() + timeoutMs;
      while ((hits.get(point) ?? 0) <= before && Date.now() < end) await sleep(100);
      return (hits.get(point) ?? 0) > before;
    };
    const pointQueue = [...options.points];
    let kills = 0;
    let pointKills = 0;
    const [pauseMin, pauseMax] = options.faultPauseMs ?? [1_000, 3_000];
    const handle = async (service: string, work: () => Promise<void>) => {
      handling.add(service);
      try {
        await work();
      } finally {
        handling.delete(service);
      }
    };
    const acked = () => [...load.record.commands.values()].reduce((n, row) => n + row.acked, 0);
    let ackedWhileNatsDown = 0;
    /** One fault point: restart its context with the point, wait for the hit, restart it normally. */
    const runPoint = async ({ point, context }: { point: Point; context: string }): Promise<boolean> => {
      let hit = false;
      while (handling.has(context)) await sleep(200); // a kill's restart in the background
      await handle(context, async () => {
        const before = hits.get(point) ?? 0;
        await platform.restart(context, { env: { AGORA_FAULT: point }, waitReady: false });
        count(faults, `restart with ${point}`);
        hit = await waitHit(point, before, 180_000);
        log(`chaos: ${context} with ${point}: ${hit ? 'hit' : 'not hit within 180 s'}`);
        if (point === 'consumer.slower-than-ack-wait' && hit) await sleep(ACK_WAIT_MS * 2 + 1_000);
        if (hit && point !== 'consumer.slower-than-ack-wait') {
          pointKills += 1;
          await Promise.race([platform.exited(context), sleep(15_000)]);
        }
        await restartRobustly(platform, context, log);
      });
      return hit;
    };
    const background = new Set<Promise<void>>();
    const maxDown = options.maxDown ?? 4;
    const kill = async (kind: KillKind) => {
      if (kind === 'nats' && platform.nats) {
        await handle('nats', async () => {
          const before = acked();
          await platform.nats!.kill();
          count(faults, 'kill -9 nats');
          kills += 1;
          log('chaos: kill -9 nats');
          await sleep(1_000 + random() * 2_000);
          ackedWhileNatsDown += acked() - before;
          await platform.nats!.restart();
        });
      } else {
        // The restart runs in the background (a slow machine takes 10–30 s to bring a context
        // back), so the next fault may hit another process meanwhile; at most `maxDown` are down at once.
        if (handling.size >= maxDown) return;
        const free = subgraphs.filter((name) => !handling.has(name));
        const service = kind === 'gateway' ? 'gateway' : free.length > 0 ? pick(free) : undefined;
        if (service === undefined || handling.has(service)) return;
        handling.add(service);
        await platform.kill(service);
        count(faults, `kill -9 ${service}`);
        kills += 1;
        log(`chaos: kill -9 ${service}`);
        background.add(
          restartRobustly(platform, service, log)
            .catch((error) => log(`chaos: could not restart ${service}: ${(error as Error).message.split('\n')[0]}`))
            .finally(() => handling.delete(service)),
        );
      }
    };
    const requiredKinds = [...(options.quick?.kinds ?? [])];
    {
      // The fault points first, all at once (four different contexts): each takes a restart, a
      // wait for the hazard under the load and a restart again, too long to take turns with kills.
      await sleep(pauseMin);
      const results = await Promise.all(pointQueue.map((p) => runPoint(p)));
      for (let i = results.length - 1; i >= 0; i--) if (results[i]) pointQueue.splice(i, 1);
    }
    // The required kinds run even when the fault points took the whole duration.
    while (Date.now() < deadline || requiredKinds.length > 0) {
      await sleep(pauseMin + random() * (pauseMax - pauseMin));
      if (Date.now() >= deadline && requiredKinds.length === 0) break;
      try {
        if (requiredKinds.length > 0) {
          while (handling.size >= maxDown) await sleep(200);
          await kill(requiredKinds.shift()!);
        } else if (pointQueue.length > 0 && random() < 0.4) {
          // Fault points (each until hit once), kills in between.
          const next = pointQueue.shift()!;
          if (!(await runPoint(next))) pointQueue.push(next); // try again later
        } else {
          const roll = random();
          await kill(roll < 0.15 ? 'nats' : roll < 0.3 ? 'gateway' : 'context');
        }
      } catch (error) {
        log(`chaos: a restart failed: ${(error as Error).message.split('\n')[0]}\n${recent.slice(-20).join('\n')}`);
        throw error;
      }
    }
    await Promise.all(background);
    await load.stop();
    const loadSeconds = Math.round((Date.now() - started) / 1000);
    log('chaos: load stopped; bringing every process up; checking invariants (waiting for the system to settle)');
    const upBy = Date.now() + 300_000;
    while (handling.size > 0 && Date.now() < upBy) await sleep(200);
    for (const service of platform.services)
      if (platform.pidOf(service.name) === undefined) await restartRobustly(platform, service.name, log);

    // ---- invariants through the gateway (each re-evaluated until it holds or the settle time is over)
    const invariants = await checkThroughGateway(load.record, {
      gatewayUrl: platform.gatewayUrl,
      settleTimeoutMs: options.settleTimeoutMs ?? 180_000,
      log,
    });

    // ---- NATS: nothing dead-lettered, no consumer with pending or unacked messages.
    let dlq = -1;
    let pending = -1;
    {
      const creds = platform.natsCredentials?.admin;
      const nc = await connect({ servers: platform.natsUrl, ...(creds ? { user: creds.user, pass: creds.pass } : {}) });
      const jsm = await jetstreamManager(nc);
      const end = Date.now() + (options.settleTimeoutMs ?? 180_000);
      for (;;) {
        dlq = 0;
        pending = 0;
        for await (const stream of jsm.streams.list()) {
          if (stream.config.name.startsWith('DLQ')) dlq += stream.state.messages;
          else
            for await (const c of jsm.consumers.list(stream.config.name)) {
              // Durable consumers only: the contexts' (at-least-once, inbox-deduplicated). The
              // gateway's realtime engine reads REALTIME with ordered (ephemeral) consumers, best
              // effort by design (ADR 11); one of a killed gateway lingers until NATS drops it.
              if (c.config.durable_name) pending += c.num_pending + c.num_ack_pending;
            }
        }
        if (pending === 0 || Date.now() > end) break;
        await sleep(500);
      }
      await nc.close();
    }

    // ---- the databases: outboxes drained, no inbox duplicate, follow replicas. Postgres is read
    // while the platform runs (the outbox check waits for the relays); PGlite once it stopped.
    let database: Awaited<ReturnType<typeof checkDatabases>> | undefined;
    {
      let handle = await backend.open(platform, true);
      if (handle) {
        const end = Date.now() + 60_000;
        for (;;) {
          database = await checkDatabases(load.record, handle.dbs);
          if (database.stuckInOutbox === 0 || Date.now() > end) break;
          await sleep(1_000);
        }
        await handle.close();
      } else {
        await platform.stop();
        handle = await backend.open(platform, false);
        database = await checkDatabases(load.record, handle!.dbs);
        await handle!.close();
      }
    }
    invariants.push(...database!.results);

    const problems: string[] = [];
    let lost = 0;
    let duplicated = 0;
    for (const result of invariants) {
      lost += result.lost;
      duplicated += result.duplicated;
      if (result.lost || result.duplicated) problems.push(`${result.name}: ${result.detail}`);
    }
    if (dlq > 0) problems.push(`DLQ: ${dlq} dead-lettered messages`);
    if (pending > 0) problems.push(`consumers: ${pending} messages still pending`);

    const pointsMissing = options.points.map((p) => p.point).filter((p) => !hits.get(p));
    let commands = 0;
    const lines = [
      '',
      '=== chaos report ===',
      `backend ${options.backend}, seed ${options.seed}, ${loadSeconds} s of load (${options.workers ?? 4} workers), contexts: ${contexts.join(', ')}`,
      'commands (acked / unknown / refused):',
    ];
    for (const kind of COMMAND_KINDS) {
      const row = load.record.commands.get(kind) ?? { acked: 0, unknown: 0, refused: 0 };
      commands += row.acked + row.unknown + row.refused;
      lines.push(`  ${kind.padEnd(9)} ${row.acked} / ${row.unknown} / ${row.refused}`);
    }
    lines.push(`  total     ${commands}; acknowledged while NATS was down: ${ackedWhileNatsDown}`);
    lines.push(`faults injected (${kills} real kill -9 by the driver, ${pointKills} SIGKILLs by fault points):`);
    for (const [kind, n] of [...faults].sort()) lines.push(`  ${kind}: ${n}`);
    if (selfExits.length) lines.push(`  exited on their own (restarted): ${selfExits.join(', ')}`);
    lines.push('fault points hit:');
    for (const point of options.points) lines.push(`  ${point.point} (${point.context}): ${hits.get(point.point) ?? 0}`);
    lines.push('invariants (lost / duplicated, facts checked):');
    for (const result of invariants) lines.push(`  ${result.name.padEnd(27)} ${result.lost} / ${result.duplicated}  (${result.checked})`);
    lines.push(`DLQ messages: ${dlq}, consumer messages pending: ${pending}, outbox rows unpublished: ${database!.stuckInOutbox}`);
    for (const problem of problems) lines.push(`PROBLEM ${problem}`);
    lines.push(`lost ${lost}`, `duplicated ${duplicated}`);
    if (pointsMissing.length) lines.push(`fault points never hit: ${pointsMissing.join(', ')}`);
    return {
      text: lines.join('\n'),
      lost: lost + (dlq > 0 ? dlq : 0) + (pending > 0 ? pending : 0),
      duplicated,
      kills,
      pointKills,
      faults,
      hits,
      pointsMissing,
      dlq,
      pending,
      stuckInOutbox: database!.stuckInOutbox,
      invariants,
      commands,
      ackedWhileNatsDown,
    };
  }
}
