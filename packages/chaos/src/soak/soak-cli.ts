/**
 * `npm run soak -- --minutes N [--backend pglite|postgres] [--rate R] [--warmup-seconds W]
 * [--seed S] [--max-rss-growth P] [--json PATH]`: the whole platform as real processes under a
 * constant mixed load (reads and writes) through the gateway for N minutes, the first W seconds
 * of them a warm-up. Prints requests, errors and p50/p99 by kind and the RSS of every process at
 * the end of the warm-up and at the end; writes the same as JSON (default
 * `.data/soak/<timestamp>.json`). Exit code 1 on any error, a process that exited, a rate not held,
 * or a process whose RSS grew more than P % (default 20) after the warm-up.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderText } from './report';
import { ROOT_DIR, runSoak, type SoakBackend } from './soak';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'pglite' },
    rate: { type: 'string', default: '5' },
    'warmup-seconds': { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    'max-rss-growth': { type: 'string', default: '20' },
    'max-in-flight': { type: 'string', default: '64' },
    json: { type: 'string' },
  },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(64);
};
const positive = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} ${value}: expected a positive number`);
  return n;
};
const backend = values.backend!;
if (backend !== 'pglite' && backend !== 'postgres') fail(`--backend ${backend}: expected pglite or postgres`);
const minutes = positive('minutes', values.minutes);
const warmupSeconds = positive('warmup-seconds', values['warmup-seconds']);
if (warmupSeconds >= minutes * 60) fail(`--warmup-seconds ${warmupSeconds} must be shorter than the run (${minutes * 60} s)`);

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const report = await runSoak({
  backend: backend as SoakBackend,
  durationMs: minutes * 60_000,
  warmupMs: warmupSeconds * 1000,
  ratePerSecond: positive('rate', values.rate),
  seed: Math.floor(positive('seed', values.seed)),
  maxRssGrowthPct: positive('max-rss-growth', values['max-rss-growth']),
  maxInFlight: Math.floor(positive('max-in-flight', values['max-in-flight'])),
  log,
});
console.log(renderText(report));
const jsonPath = resolve(values.json ?? join(ROOT_DIR, '.data', 'soak', `${report.startedAt.replace(/[:.]/g, '-')}.json`));
await mkdir(dirname(jsonPath), { recursive: true });
await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`report written to ${jsonPath}`);
process.exit(report.passed ? 0 : 1);
