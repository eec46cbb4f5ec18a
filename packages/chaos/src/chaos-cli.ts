/**
 * `npm run chaos -- --minutes N [--seed S]`: the whole platform (PGlite) under a mixed write load
 * through the gateway while a driver kills -9 a random context, the gateway or NATS and restarts
 * them, and restarts contexts with each test-only fault point enabled. Then the invariants: every
 * acknowledged command's effect exists exactly once; a command in flight when something died
 * ("unknown") at most once. Exit code 1 on any loss or duplicate.
 */
import { parseArgs } from 'node:util';
import { FAULT_POINTS_FOR_CHAOS, runChaos } from './chaos';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '5' }, backend: { type: 'string', default: 'pglite' }, seed: { type: 'string' } },
});
const backend = values.backend!;
if (backend !== 'pglite') {
  console.error(`--backend ${backend}: only pglite is implemented in this version (see packages/chaos/README.md)`);
  process.exit(64);
}
const report = await runChaos({
  durationMs: Number(values.minutes) * 60_000,
  seed: values.seed === undefined ? Date.now() : Number(values.seed),
  points: FAULT_POINTS_FOR_CHAOS,
  log: (line) => console.log(line),
});
console.log(report.text);
process.exit(report.lost === 0 && report.duplicated === 0 && report.pointsMissing.length === 0 ? 0 : 1);
