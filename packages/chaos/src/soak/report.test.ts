import { describe, expect, it } from 'vitest';
import {
  growthPct,
  judgeRss,
  median,
  percentile,
  renderText,
  summarize,
  verdict,
  type KindStats,
  type ProcessRss,
  type SoakReport,
} from './report';

const proc = (over: Partial<ProcessRss> = {}): ProcessRss => ({
  name: 'posts',
  pidAtWarmup: 100,
  pidAtEnd: 100,
  warmupKb: 100_000,
  midKb: 110_000,
  endKb: 115_000,
  peakKb: 120_000,
  judged: true,
  ...over,
});
const kind = (over: Partial<KindStats> = {}): KindStats => ({ kind: 'feed', sent: 10, errors: 0, measured: summarize([1, 2, 3]), ...over });

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('p50 and p99 of 1..100 are 50 and 99, p100 the maximum', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('rounds the rank up: p99 of 10 values is the largest, p50 of 3 the middle one', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 99)).toBe(1000);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('summarize sorts first and counts', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, p50: 20, p99: 40, max: 40 });
    expect(summarize([])).toEqual({ count: 0, p50: undefined, p99: undefined, max: undefined });
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('RSS growth verdict', () => {
  it('growth is relative to the warm-up reading', () => {
    expect(growthPct(100, 120)).toBe(20);
    expect(growthPct(200, 150)).toBe(-25);
    expect(growthPct(undefined, 1)).toBeUndefined();
    expect(growthPct(0, 1)).toBeUndefined();
  });

  it('passes at exactly the limit and fails just above it', () => {
    expect(judgeRss(proc({ warmupKb: 100_000, endKb: 120_000 }), 20)).toMatchObject({ ok: true, growthPct: 20 });
    const over = judgeRss(proc({ warmupKb: 100_000, endKb: 120_001 }), 20);
    expect(over.ok).toBe(false);
    expect(over.note).toBe('grew more than 20%');
  });

  it('shrinking is fine; the second-half growth is reported', () => {
    const v = judgeRss(proc({ warmupKb: 100_000, midKb: 80_000, endKb: 90_000 }), 20);
    expect(v.ok).toBe(true);
    expect(v.growthPct).toBe(-10);
    expect(v.secondHalfGrowthPct).toBe(12.5);
  });

  it('a restarted or vanished process fails; an informational one never does', () => {
    expect(judgeRss(proc({ pidAtEnd: 101 }), 20)).toMatchObject({ ok: false, note: 'restarted during the run' });
    expect(judgeRss(proc({ pidAtEnd: undefined, endKb: undefined }), 20)).toMatchObject({ ok: false, note: 'not running at a reading' });
    expect(judgeRss(proc({ judged: false, endKb: 900_000 }), 20)).toMatchObject({ ok: true, note: 'not judged' });
  });

  it('the run fails on any error, a process over the limit, an exit or ticks not sent', () => {
    const ok = [judgeRss(proc(), 20)];
    expect(verdict({ kinds: [kind()], processes: ok, notSent: 0, unexpectedExits: [] })).toEqual({ passed: true, failures: [] });
    expect(verdict({ kinds: [kind({ errors: 1 }), kind({ errors: 2 })], processes: ok, notSent: 0, unexpectedExits: [] }).failures).toEqual(
      ['3 request errors'],
    );
    const grown = [judgeRss(proc({ name: 'gateway', endKb: 150_000 }), 20)];
    expect(verdict({ kinds: [kind()], processes: grown, notSent: 0, unexpectedExits: [] }).failures).toEqual([
      'gateway: grew more than 20%',
    ]);
    expect(verdict({ kinds: [kind()], processes: ok, notSent: 4, unexpectedExits: ['feed'] }).failures).toEqual([
      '4 requests not sent (the rate was not held: too many requests in flight)',
      'feed exited during the run',
    ]);
  });

  it('the text names every process with its readings and the verdict', () => {
    const processes = [judgeRss(proc(), 20), judgeRss(proc({ name: 'nats-server', endKb: 200_000 }), 20)];
    const kinds = [kind({ kind: 'feed', sent: 12, measured: summarize([5, 15, 25]) })];
    const report: SoakReport = {
      startedAt: '2026-12-02T00:00:00.000Z',
      backend: 'pglite',
      seed: 1,
      ratePerSecond: 5,
      durationSeconds: 600,
      warmupSeconds: 60,
      maxRssGrowthPct: 20,
      notSent: 0,
      maxInFlight: 64,
      kinds,
      errorsByKind: {},
      errorSamples: [],
      processes,
      unexpectedExits: [],
      errorLogLines: {},
      errorLogSamples: [],
      jetstream: {
        atWarmup: { streams: 2, messages: 10, bytes: 1024 * 1024 },
        atEnd: { streams: 2, messages: 30, bytes: 3 * 1024 * 1024 },
      },
      rssSeries: [],
      ...verdict({ kinds, processes, notSent: 0, unexpectedExits: [] }),
    };
    const text = renderText(report);
    expect(text).toMatch(/posts\s+100\s+97\.7\s+107\.4\s+112\.3\s+117\.2\s+\+15\.0%\s+\+4\.5%\s+ok/);
    expect(text).toMatch(/nats-server .* \+100\.0% .*FAIL: grew more than 20%/);
    expect(text).toMatch(/feed\s+12\s+0\s+3\s+15\s+25\s+25/);
    expect(text).toContain('JetStream (2 streams): 10 messages / 1.0 MiB stored at the end of the warm-up, 30 / 3.0 MiB at the end');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL: nats-server: grew more than 20%');
  });
});
