/**
 * The soak: the whole platform as real processes (devstack `startPlatform`: NATS, every subgraph,
 * the gateway; PGlite directories in a temp dir, or a throwaway Postgres cluster with a database
 * per context), a constant mixed load through the gateway (`workload.ts`) for the duration, and
 * the RSS (VmRSS from /proc/<pid>/status) of every process, read at the end of the warm-up, halfway
 * through the measured phase and at the end. `report.ts` turns that into the verdict.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { envPrefix, loadServices, startPlatform, type Platform } from '@agora/devstack';
import { startPostgresCluster, tempDir, type PostgresCluster } from '@agora/testing';
import { judgeRss, median, summarize, verdict, type ErrorSample, type KindStats, type ProcessRss, type SoakReport } from './report';
import { createWorkload, SOAK_KINDS, type RequestResult, type SoakKind } from './workload';

export const ROOT_DIR = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

export type SoakBackend = 'pglite' | 'postgres';

export interface SoakOptions {
  backend: SoakBackend;
  durationMs: number;
  warmupMs: number;
  ratePerSecond: number;
  seed: number;
  /** Verdict threshold; default 20 (%). */
  maxRssGrowthPct?: number;
  /** People registered (each with a post) before the clock starts; default 20. */
  seedUsers?: number;
  maxInFlight?: number;
  /** Seconds between RSS samples of the series; default 10. */
  sampleEveryMs?: number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** VmRSS of a process in kB, undefined when it is gone. */
export function rssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The postmaster and its children (backends, checkpointer, …): their RSS summed (shared memory counted in each). */
function postgresRssKb(postmasterPid: number): { kb: number; processes: number } {
  let kb = rssKb(postmasterPid) ?? 0;
  let processes = 1;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmasterPid) {
        kb += rssKb(Number(entry)) ?? 0;
        processes += 1;
      }
    } catch {
      // gone meanwhile
    }
  }
  return { kb, processes };
}

/** What JetStream holds (all streams): nats-server's memory follows it (each stream's active block is cached). */
async function jetstreamTotals(platform: Platform): Promise<{ streams: number; messages: number; bytes: number } | undefined> {
  try {
    const creds = platform.natsCredentials?.admin;
    const nc = await connect({ servers: platform.natsUrl, ...(creds ? { user: creds.user, pass: creds.pass } : {}) });
    try {
      const jsm = await jetstreamManager(nc);
      const totals = { streams: 0, messages: 0, bytes: 0 };
      for await (const stream of jsm.streams.list()) {
        totals.streams += 1;
        totals.messages += stream.state.messages;
        totals.bytes += stream.state.bytes;
      }
      return totals;
    } finally {
      await nc.close();
    }
  } catch {
    return undefined;
  }
}

interface Backend {
  env: Record<string, string>;
  postmasterPid: number | undefined;
  cleanup(): Promise<void>;
}

async function setUpBackend(backend: SoakBackend, contexts: string[], log: (line: string) => void): Promise<Backend> {
  if (backend === 'pglite') return { env: {}, postmasterPid: undefined, cleanup: async () => {} };
  const cluster: PostgresCluster = await startPostgresCluster();
  log(`soak: Postgres cluster on 127.0.0.1:${cluster.port}`);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const env: Record<string, string> = {};
  for (const context of contexts) {
    const name = `soak_${context.replace(/[^a-z0-9_]/g, '_')}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    env[`${envPrefix(context)}_DATABASE_URL`] = url.toString();
  }
  await admin.end();
  const postmasterPid = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { env, postmasterPid, cleanup: () => cluster.stop() };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log;
  const maxRssGrowthPct = options.maxRssGrowthPct ?? 20;
  const sampleEveryMs = options.sampleEveryMs ?? 10_000;
  if (options.warmupMs >= options.durationMs) throw new Error('the warm-up must be shorter than the run');
  const contexts = loadServices(join(ROOT_DIR, 'schema', 'subgraphs.json'))
    .filter((s) => s.kind === 'subgraph')
    .map((s) => s.name);
  const data = await tempDir('agora-soak-');
  const backend = await setUpBackend(options.backend, contexts, log);
  const unexpectedExits: string[] = [];
  const errorLogLines: Record<string, number> = {};
  const errorLogSamples: string[] = [];
  let recent: string[] = [];
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({
      rootDir: ROOT_DIR,
      dataDir: data.path,
      randomPorts: true,
      readyTimeoutMs: 300_000,
      env: { LOG_LEVEL: 'warn', AGORA_RATE_LIMITS: 'off', ...backend.env },
      output: (service, line) => {
        // pino levels 50 (error) and 60 (fatal).
        if (/"level":(50|60)\b/.test(line)) {
          errorLogLines[service] = (errorLogLines[service] ?? 0) + 1;
          if (errorLogLines[service] <= 3) errorLogSamples.push(`[${service}] ${line.slice(0, 400)}`);
        }
        recent.push(`[${service}] ${line}`);
        if (recent.length > 400) recent = recent.slice(-200);
      },
      onUnexpectedExit: (service, description) => {
        unexpectedExits.push(service);
        log(`soak: ${service} exited on its own: ${description.split('\n')[0]}; restarting it`);
        void platform?.restart(service).catch((error) => log(`soak: could not restart ${service}: ${(error as Error).message}`));
      },
    });
    return await drive(platform);
  } finally {
    await platform?.stop().catch(() => {});
    await backend.cleanup().catch((error) => log(`soak: backend cleanup failed: ${(error as Error).message}`));
    await data.remove().catch(() => {});
  }

  async function drive(platform: Platform): Promise<SoakReport> {
    const startedAt = new Date().toISOString();
    log(`soak: platform up (backend ${options.backend}), gateway ${platform.gatewayUrl}`);
    const names = [
      ...platform.services.map((s) => s.name),
      ...(platform.nats ? ['nats-server'] : []),
      ...(backend.postmasterPid !== undefined ? ['postgres'] : []),
      'soak (this load)',
    ];
    const informational = new Set(['postgres', 'soak (this load)']);
    const pidOf = (name: string) =>
      name === 'nats-server'
        ? platform.nats?.pid
        : name === 'postgres'
          ? backend.postmasterPid
          : name === 'soak (this load)'
            ? process.pid
            : platform.pidOf(name);
    const readRss = (name: string, pid: number | undefined) =>
      name === 'postgres' && pid !== undefined ? postgresRssKb(pid).kb : rssKb(pid);

    // ---- what the load saw
    const sent = new Map<SoakKind, number>();
    const errors = new Map<SoakKind, number>();
    const latencies = new Map<SoakKind, number[]>();
    const errorsByKind: Record<string, number> = {};
    const errorSamples: ErrorSample[] = [];
    let measureFrom = Number.POSITIVE_INFINITY; // performance.now() at the end of the warm-up
    const onResult = (r: RequestResult) => {
      const phase = r.sentAt >= measureFrom ? 'measure' : 'warmup';
      sent.set(r.kind, (sent.get(r.kind) ?? 0) + 1);
      if (phase === 'measure') {
        const list = latencies.get(r.kind) ?? [];
        list.push(r.latencyMs);
        latencies.set(r.kind, list);
      }
      if (r.error) {
        errors.set(r.kind, (errors.get(r.kind) ?? 0) + 1);
        const key = `${r.kind}: ${r.error.what}`;
        errorsByKind[key] = (errorsByKind[key] ?? 0) + 1;
        if (errorSamples.length < 50) {
          errorSamples.push({ at: new Date().toISOString(), kind: r.kind, phase, what: r.error.what, message: r.error.message });
          log(`soak: error ${r.kind} (${phase}): ${r.error.what} — ${r.error.message.slice(0, 200)}`);
        }
      }
    };
    const workload = createWorkload({
      gatewayUrl: platform.gatewayUrl,
      ratePerSecond: options.ratePerSecond,
      seed: options.seed,
      onResult,
      ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
    });

    const seedUsers = options.seedUsers ?? 20;
    log(`soak: registering ${seedUsers} people with a post each`);
    await workload.seed(seedUsers);

    // ---- RSS: a series every sampleEveryMs, and 3 readings 2 s apart at each checkpoint.
    const rssSeries: SoakReport['rssSeries'] = [];
    const peak = new Map<string, number>();
    const readAll = (): Record<string, { pid: number | undefined; kb: number | undefined }> => {
      const out: Record<string, { pid: number | undefined; kb: number | undefined }> = {};
      for (const name of names) {
        const pid = pidOf(name);
        const kb = readRss(name, pid);
        out[name] = { pid, kb };
        if (kb !== undefined) peak.set(name, Math.max(peak.get(name) ?? 0, kb));
      }
      return out;
    };
    const checkpoint = async () => {
      const readings: ReturnType<typeof readAll>[] = [];
      for (let i = 0; i < 3; i++) {
        if (i > 0) await sleep(2_000);
        readings.push(readAll());
      }
      const result = new Map<string, { pid: number | undefined; kb: number | undefined }>();
      for (const name of names) {
        const pids = readings.map((r) => r[name]?.pid);
        const kbs = readings.map((r) => r[name]?.kb).filter((kb): kb is number => kb !== undefined);
        result.set(name, { pid: pids.every((p) => p === pids[0]) ? pids[0] : pids[pids.length - 1], kb: median(kbs) });
      }
      return result;
    };

    const loadStart = performance.now();
    const elapsed = () => (performance.now() - loadStart) / 1000;
    const sampler = setInterval(() => {
      const all = readAll();
      rssSeries.push({ t: Math.round(elapsed()), rss: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.kb ?? 0])) });
    }, sampleEveryMs);
    const progress = setInterval(() => {
      const total = [...sent.values()].reduce((a, b) => a + b, 0);
      const errs = [...errors.values()].reduce((a, b) => a + b, 0);
      log(
        `soak: ${Math.round(elapsed())} s: ${total} requests, ${errs} errors, ${workload.inFlight} in flight, ${workload.notSent} not sent, ` +
          `${workload.users} people, ${workload.posts} posts`,
      );
    }, 60_000);

    log(`soak: load at ${options.ratePerSecond} requests/s for ${options.durationMs / 1000} s (warm-up ${options.warmupMs / 1000} s)`);
    workload.start();
    await sleep(options.warmupMs);
    measureFrom = performance.now();
    const atWarmup = await checkpoint();
    const jsAtWarmup = await jetstreamTotals(platform);
    log(`soak: warm-up over; measuring`);
    const measureMs = options.durationMs - options.warmupMs;
    await sleep(Math.max(0, measureMs / 2 - 4_000));
    const atMid = await checkpoint();
    await sleep(Math.max(0, loadStart + options.durationMs - 4_000 - performance.now()));
    const atEnd = await checkpoint();
    const jsAtEnd = await jetstreamTotals(platform);
    await workload.stop();
    clearInterval(sampler);
    clearInterval(progress);
    const durationSeconds = Math.round(elapsed());
    log(`soak: load stopped after ${durationSeconds} s`);

    const kinds: KindStats[] = SOAK_KINDS.map((kind) => ({
      kind,
      sent: sent.get(kind) ?? 0,
      errors: errors.get(kind) ?? 0,
      measured: summarize(latencies.get(kind) ?? []),
    }));
    const rows: ProcessRss[] = names.map((name) => ({
      name: name === 'postgres' ? 'postgres (all its processes)' : name,
      pidAtWarmup: atWarmup.get(name)?.pid,
      pidAtEnd: atEnd.get(name)?.pid,
      warmupKb: atWarmup.get(name)?.kb,
      midKb: atMid.get(name)?.kb,
      endKb: atEnd.get(name)?.kb,
      peakKb: peak.get(name),
      judged: !informational.has(name),
    }));
    const processes = rows.map((row) => judgeRss(row, maxRssGrowthPct));
    const { passed, failures } = verdict({ kinds, processes, notSent: workload.notSent, unexpectedExits });
    if (unexpectedExits.length) log(`soak: last output lines:\n${recent.slice(-40).join('\n')}`);
    return {
      startedAt,
      backend: options.backend,
      seed: options.seed,
      ratePerSecond: options.ratePerSecond,
      durationSeconds,
      warmupSeconds: Math.round(options.warmupMs / 1000),
      maxRssGrowthPct,
      notSent: workload.notSent,
      maxInFlight: options.maxInFlight ?? 64,
      kinds,
      errorsByKind,
      errorSamples,
      processes,
      unexpectedExits,
      errorLogLines,
      errorLogSamples,
      jetstream: { atWarmup: jsAtWarmup, atEnd: jsAtEnd },
      rssSeries,
      passed,
      failures,
    };
  }
}
