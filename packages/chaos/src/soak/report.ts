/**
 * The soak's arithmetic and verdict, kept free of processes and sockets so it can be unit-tested:
 * percentiles of the latencies, the RSS growth of each process between the end of the warm-up and
 * the end of the run, and the text table / JSON document the CLI prints and writes.
 */

/** Nearest-rank percentile (p in 0..100) of already sorted values; undefined for none. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/** The median of a few readings: one RSS reading can land on a moment just before a GC. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ProcessRss {
  name: string;
  /** Pid at the end of the warm-up and at the end (different: the process was restarted). */
  pidAtWarmup: number | undefined;
  pidAtEnd: number | undefined;
  /** kB (VmRSS). */
  warmupKb: number | undefined;
  endKb: number | undefined;
  peakKb: number | undefined;
  /** RSS halfway through the measured phase: growth in the second half says "still growing". */
  midKb: number | undefined;
  /** Counted in the verdict (false: shown for information, e.g. the Postgres cluster). */
  judged: boolean;
}

export interface RssVerdict extends ProcessRss {
  /** (end − warm-up) / warm-up, in %; undefined when a reading is missing. */
  growthPct: number | undefined;
  /** (end − mid) / mid, in %. */
  secondHalfGrowthPct: number | undefined;
  ok: boolean;
  /** Why it is not ok (or a note). */
  note: string | undefined;
}

export function growthPct(from: number | undefined, to: number | undefined): number | undefined {
  if (from === undefined || to === undefined || from <= 0) return undefined;
  return ((to - from) / from) * 100;
}

/** A process passes when it ran as one process throughout and grew at most `maxGrowthPct`. */
export function judgeRss(process: ProcessRss, maxGrowthPct: number): RssVerdict {
  const growth = growthPct(process.warmupKb, process.endKb);
  const secondHalf = growthPct(process.midKb, process.endKb);
  const base = { ...process, growthPct: growth, secondHalfGrowthPct: secondHalf };
  if (!process.judged) return { ...base, ok: true, note: 'not judged' };
  if (process.pidAtWarmup === undefined || process.pidAtEnd === undefined || growth === undefined) {
    return { ...base, ok: false, note: 'not running at a reading' };
  }
  if (process.pidAtWarmup !== process.pidAtEnd) return { ...base, ok: false, note: 'restarted during the run' };
  if (growth > maxGrowthPct) return { ...base, ok: false, note: `grew more than ${maxGrowthPct}%` };
  return { ...base, ok: true, note: undefined };
}

export interface KindStats {
  kind: string;
  /** Requests sent over the whole run (warm-up + measured). */
  sent: number;
  /** Errors over the whole run. */
  errors: number;
  /** Latency of the measured phase (after the warm-up). */
  measured: LatencySummary;
}

export interface ErrorSample {
  at: string;
  kind: string;
  phase: 'warmup' | 'measure';
  /** e.g. `HTTP 502`, `GraphQL NOT_FOUND COMMENTS.POST_NOT_FOUND`, `transport: timeout`. */
  what: string;
  message: string;
}

export interface JetStreamTotals {
  streams: number;
  messages: number;
  bytes: number;
}

export interface SoakReport {
  startedAt: string;
  backend: string;
  seed: number;
  ratePerSecond: number;
  durationSeconds: number;
  warmupSeconds: number;
  maxRssGrowthPct: number;
  /** Ticks the scheduler could not send because `maxInFlight` requests were still open. */
  notSent: number;
  maxInFlight: number;
  kinds: KindStats[];
  /** `kind: what` → count. */
  errorsByKind: Record<string, number>;
  errorSamples: ErrorSample[];
  processes: RssVerdict[];
  /** Processes that exited on their own during the run. */
  unexpectedExits: string[];
  /** Log lines at level error or fatal, by service. */
  errorLogLines: Record<string, number>;
  /** The first few such lines of each service. */
  errorLogSamples: string[];
  /** All streams' messages and bytes at the two readings (context for nats-server's RSS). */
  jetstream: { atWarmup: JetStreamTotals | undefined; atEnd: JetStreamTotals | undefined };
  /** RSS samples (kB) over time, for a closer look: seconds since the load started → name → kB. */
  rssSeries: { t: number; rss: Record<string, number> }[];
  passed: boolean;
  failures: string[];
}

export function verdict(input: {
  kinds: readonly KindStats[];
  processes: readonly RssVerdict[];
  notSent: number;
  unexpectedExits: readonly string[];
}): { passed: boolean; failures: string[] } {
  const failures: string[] = [];
  const errors = input.kinds.reduce((sum, k) => sum + k.errors, 0);
  if (errors > 0) failures.push(`${errors} request error${errors === 1 ? '' : 's'}`);
  if (input.notSent > 0) failures.push(`${input.notSent} requests not sent (the rate was not held: too many requests in flight)`);
  for (const exit of input.unexpectedExits) failures.push(`${exit} exited during the run`);
  for (const p of input.processes) if (!p.ok) failures.push(`${p.name}: ${p.note}`);
  return { passed: failures.length === 0, failures };
}

const mib = (kb: number | undefined) => (kb === undefined ? '-' : (kb / 1024).toFixed(1));
const ms = (value: number | undefined) => (value === undefined ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));
const pct = (value: number | undefined) => (value === undefined ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`);

function table(header: string[], rows: string[][], alignLeft = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < alignLeft ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderText(report: SoakReport): string {
  const measuredSeconds = report.durationSeconds - report.warmupSeconds;
  const sent = report.kinds.reduce((sum, k) => sum + k.sent, 0);
  const errors = report.kinds.reduce((sum, k) => sum + k.errors, 0);
  const all = report.kinds.reduce((sum, k) => sum + k.measured.count, 0);
  const lines = [
    '',
    '=== soak report ===',
    `backend ${report.backend}, seed ${report.seed}, ${report.ratePerSecond} requests/s, ${report.durationSeconds} s of load ` +
      `(warm-up ${report.warmupSeconds} s, measured ${measuredSeconds} s), started ${report.startedAt}`,
    `${sent} requests sent, ${errors} errors, ${report.notSent} not sent (max ${report.maxInFlight} in flight)`,
    '',
    'requests by kind (sent and errors: whole run; latency: measured phase, ms)',
    ...table(
      ['kind', 'sent', 'errors', 'measured', 'p50', 'p99', 'max'],
      [
        ...report.kinds.map((k) => [
          k.kind,
          String(k.sent),
          String(k.errors),
          String(k.measured.count),
          ms(k.measured.p50),
          ms(k.measured.p99),
          ms(k.measured.max),
        ]),
        ['total', String(sent), String(errors), String(all), '', '', ''],
      ],
    ).map((l) => `  ${l}`),
    '',
  ];
  const errorKinds = Object.entries(report.errorsByKind).sort((a, b) => b[1] - a[1]);
  if (errorKinds.length === 0) lines.push('errors by kind: none');
  else {
    lines.push('errors by kind:');
    for (const [what, n] of errorKinds) lines.push(`  ${n} × ${what}`);
    lines.push('first errors:');
    for (const s of report.errorSamples.slice(0, 10))
      lines.push(`  ${s.at} [${s.phase}] ${s.kind}: ${s.what} — ${s.message.slice(0, 200)}`);
  }
  lines.push(
    '',
    `RSS of every process (MiB; warm-up = median of 3 readings at the end of the warm-up, end = median of the last 3; limit +${report.maxRssGrowthPct}%)`,
    ...table(
      ['process', 'pid', 'warm-up', 'mid', 'end', 'peak', 'growth', '2nd half', 'verdict'],
      report.processes.map((p) => [
        p.name,
        p.pidAtWarmup === p.pidAtEnd ? String(p.pidAtEnd ?? '-') : `${p.pidAtWarmup ?? '-'}→${p.pidAtEnd ?? '-'}`,
        mib(p.warmupKb),
        mib(p.midKb),
        mib(p.endKb),
        mib(p.peakKb),
        pct(p.growthPct),
        pct(p.secondHalfGrowthPct),
        p.judged ? (p.ok ? 'ok' : `FAIL: ${p.note}`) : 'info',
      ]),
    ).map((l) => `  ${l}`),
  );
  const js = report.jetstream;
  if (js.atWarmup && js.atEnd) {
    lines.push(
      `JetStream (${js.atEnd.streams} streams): ${js.atWarmup.messages} messages / ${mib(js.atWarmup.bytes / 1024)} MiB stored at the end of the warm-up, ` +
        `${js.atEnd.messages} / ${mib(js.atEnd.bytes / 1024)} MiB at the end`,
    );
  }
  const logged = Object.entries(report.errorLogLines).filter(([, n]) => n > 0);
  lines.push('', logged.length ? `error log lines: ${logged.map(([s, n]) => `${s} ${n}`).join(', ')}` : 'error log lines: none');
  for (const sample of report.errorLogSamples) lines.push(`  ${sample.slice(0, 300)}`);
  if (report.unexpectedExits.length) lines.push(`exited during the run: ${report.unexpectedExits.join(', ')}`);
  lines.push('', report.passed ? 'PASS' : `FAIL: ${report.failures.join('; ')}`);
  return lines.join('\n');
}
