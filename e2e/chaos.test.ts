/**
 * The fault run's short form (issue #15; `npm run chaos` is the long one, packages/chaos/README.md):
 * the whole platform on PGlite under the mixed write load through the gateway, while
 * - the four fault points fire at once on their contexts (after commit before publish on posts,
 *   after publish before mark on social, after a consumer's effect before its ack on feed, a
 *   handler slower than AckWait on comments),
 * - then kill -9 of NATS (the load keeps writing: those events wait in the outboxes), of the
 *   gateway and of a context, each restarted, and random kills until the time is up.
 * Then every acknowledged command's effect must exist exactly once in every context that should
 * have it, the outboxes be drained, the inboxes free of duplicates and the DLQ empty.
 *
 * One backend: the delivery protocol (outbox, relay, inbox) is the same code on both, and the
 * Postgres form runs as `npm run chaos -- --backend postgres`.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_POINTS_FOR_CHAOS, runChaos } from '@agora/chaos';

describe('the fault run, short form (PGlite)', () => {
  it('loses nothing and duplicates nothing under kill -9 of NATS, the gateway and contexts and at every fault point', async () => {
    const report = await runChaos({
      backend: 'pglite',
      durationMs: 30_000,
      seed: 15_015,
      points: FAULT_POINTS_FOR_CHAOS,
      quick: { kinds: ['nats', 'context', 'gateway'] },
      faultPauseMs: [300, 1_200],
      workers: 3,
      settleTimeoutMs: 120_000,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stderr.write(`${report.text}\n`);
    expect(report.pointsMissing).toEqual([]);
    for (const { point } of FAULT_POINTS_FOR_CHAOS) expect(report.hits.get(point) ?? 0).toBeGreaterThanOrEqual(1);
    expect(report.faults.get('kill -9 nats')).toBeGreaterThanOrEqual(1);
    expect(report.faults.get('kill -9 gateway')).toBeGreaterThanOrEqual(1);
    expect([...report.faults.keys()].some((kind) => kind.startsWith('kill -9 ') && !/nats|gateway/.test(kind))).toBe(true);
    // Writes went on while NATS was down: their events waited in the outboxes and arrived later.
    expect(report.ackedWhileNatsDown).toBeGreaterThan(0);
    expect(report.commands).toBeGreaterThan(50);
    expect(report.invariants.map((i) => i.name)).toEqual([
      'profiles',
      'follows',
      'posts',
      'timelines',
      'comments',
      'reaction totals',
      'notifications',
      'outboxes (database)',
      'inboxes (database)',
      'follow replicas (database)',
    ]);
    for (const invariant of report.invariants) expect(invariant, invariant.name).toMatchObject({ lost: 0, duplicated: 0 });
    expect(report.dlq).toBe(0);
    expect(report.pending).toBe(0);
    expect(report.stuckInOutbox).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
  }, 600_000);
});
