/**
 * `npm run chaos -- --minutes N [--seed S] [--backend pglite|postgres]`: the whole platform under a
 * mixed write load through the gateway while a driver kills -9 a random context, the gateway or
 * NATS and restarts them, and restarts contexts with each test-only fault point enabled. Then the
 * invariants: every acknowledged command's effect exists exactly once; a command in flight when
 * something died ("unknown") at most once. Exit code 1 on any loss, duplicate, DLQ message or a
 * fault point never hit.
 */
import { parseArgs } from 'node:util';
import { FAULT_POINTS_FOR_CHAOS, runChaos, type Backend } from './chaos';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'pglite' },
    seed: { type: 'string' },
  },
});
const backend = values.backend!;
if (backend !== 'pglite' && backend !== 'postgres') {
  console.error(`--backend ${backend}: expected pglite or postgres`);
  process.exit(64);
}
const report = await runChaos({
  backend: backend as Backend,
  durationMs: Number(values.minutes) * 60_000,
  seed: values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed),
  points: FAULT_POINTS_FOR_CHAOS,
  log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
});
console.log(report.text);
process.exit(report.lost === 0 && report.duplicated === 0 && report.pointsMissing.length === 0 ? 0 : 1);
