import { systemClock, type Clock } from '@agora/kernel';
import { exponentialBackoff, InterruptibleDelay, type Log } from '@agora/messaging';
import { extraHeaders, messageIdFor, type ClaimedMail } from '../domain/message';
import type { MailStore, MailTransport, OutgoingMail } from './ports';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface MailWorkerOptions {
  store: MailStore;
  transport: MailTransport;
  /** The From header. */
  from: string;
  logger: Log;
  clock?: Clock;
  /** Fallback polling; `wake()` after a commit sends at once. Default 1 s. */
  pollIntervalMs?: number;
  /** How long a claim holds a row against other workers. Default 5 min (well above a send's timeouts). */
  leaseMs?: number;
  /** Rows claimed per pass. Default 10. */
  batchSize?: number;
  /** Attempts before a mail is given up (failed_at). Default 8. */
  maxAttempts?: number;
  /** Delay after the n-th failed attempt: capped exponential with jitter. Default 30 s → 1 h. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Sent (and failed) rows are deleted this long after; mail holds personal data. Default 7 days. */
  retentionMs?: number;
  /** How often a pass also prunes. Default 1 h. */
  pruneIntervalMs?: number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Test fault seam: runs after the transport accepted a mail, before it is marked sent. Throwing behaves like a crash there. */
  beforeMarkSent?: (id: string) => Promise<void>;
}

type PassOutcome = 'idle' | 'progress';

/**
 * Sends the rows of a `mail_outbox`, oldest first (see README.md for the guarantees).
 *
 * One pass: prune old rows (at most once per pruneIntervalMs), claim due rows under a lease,
 * send them one by one (Message-ID `<row id@agora>`, the row's headers), mark each sent. A
 * failed send records the error and schedules a retry with backoff; a permanent refusal (SMTP
 * 5xx) or the last allowed attempt marks the row failed and logs an error. Passes never overlap
 * (the loop and `drain()` take turns), so one worker sends one mail at a time.
 */
export class MailWorker {
  private readonly store: MailStore;
  private readonly transport: MailTransport;
  private readonly from: string;
  private readonly logger: Log;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private readonly random: () => number;
  private readonly beforeMarkSent: MailWorkerOptions['beforeMarkSent'];

  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private readonly idleDelay = new InterruptibleDelay();
  private readonly backoffDelay = new InterruptibleDelay();
  private turn: Promise<unknown> = Promise.resolve();
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(options: MailWorkerOptions) {
    this.store = options.store;
    this.transport = options.transport;
    this.from = options.from;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 5 * MINUTE;
    this.batchSize = options.batchSize ?? 10;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.retryInitialMs = options.retry?.initialMs ?? 30_000;
    this.retryMaxMs = options.retry?.maxMs ?? 60 * MINUTE;
    this.retentionMs = options.retentionMs ?? 7 * DAY;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60 * MINUTE;
    this.random = options.random ?? Math.random;
    this.beforeMarkSent = options.beforeMarkSent;
  }

  /** Starts the polling loop (a context's `background` task). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Send now rather than at the next poll (call after committing mail rows). */
  wake(): void {
    this.wakeRequested = true;
    this.idleDelay.interrupt();
  }

  /**
   * Runs passes until one finds nothing due (tests, scripts); works with or without `start()`.
   * Rows waiting for a retry later, or held by another worker's lease, are not due. Returns at
   * once after `stop()` (until the next `start()`).
   */
  async drain(): Promise<void> {
    // A stopping worker sends nothing more (its passes would only release what they claimed).
    while (!this.stopping) {
      if ((await this.exclusive(() => this.pass())) === 'idle') return;
    }
  }

  /** Stops polling; the mail being sent is finished and marked, claimed rows not yet sent are released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.idleDelay.interrupt();
    this.backoffDelay.interrupt();
    await this.loop;
    await this.turn;
    this.loop = undefined;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakeRequested = false;
      let outcome: PassOutcome;
      try {
        outcome = await this.exclusive(() => this.pass());
        if (failures > 0) this.logger.info({ failures }, 'mail worker recovered');
        failures = 0;
      } catch (error) {
        failures += 1;
        const delayMs = exponentialBackoff(failures, 1000, 30_000);
        this.logger.error({ ...describe(error), failures, delayMs }, 'mail worker pass failed; backing off');
        await this.backoffDelay.wait(delayMs);
        continue;
      }
      if (this.stopping) break;
      // After progress, look again at once: more rows may be due.
      if (outcome === 'idle' && !this.wakeRequested) await this.idleDelay.wait(this.pollIntervalMs);
    }
  }

  private async pass(): Promise<PassOutcome> {
    await this.pruneIfDue();
    const claimedAt = this.clock.now();
    const leaseEnd = claimedAt.getTime() + this.leaseMs;
    const rows = (await this.store.claimDue(this.batchSize, claimedAt, new Date(leaseEnd))).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );
    if (rows.length === 0) return 'idle';
    for (const [i, row] of rows.entries()) {
      // Never send on a lease about to run out (another worker may take the row then).
      if (this.stopping || this.clock.now().getTime() > leaseEnd - this.leaseMs / 2) {
        await this.store.release(rows.slice(i).map((r) => r.id));
        break;
      }
      if ((await this.sendOne(row)) === 'crashed') break;
    }
    return 'progress';
  }

  private async sendOne(row: ClaimedMail): Promise<'sent' | 'failed' | 'crashed'> {
    const log = { mailId: row.id, kind: row.kind, attempt: row.attempts };
    try {
      await this.transport.send(this.outgoing(row));
    } catch (error) {
      const reason = describe(error).err.slice(0, 1000);
      const now = this.clock.now();
      if (this.transport.isPermanent(error) || row.attempts >= this.maxAttempts) {
        await this.store.markFailed(row.id, reason, now);
        this.logger.error(
          { ...log, err: reason, permanent: this.transport.isPermanent(error) },
          'mail not delivered: giving up (failed_at set)',
        );
      } else {
        const base = exponentialBackoff(row.attempts, this.retryInitialMs, this.retryMaxMs);
        const delayMs = Math.round(base / 2 + (base / 2) * this.random());
        await this.store.scheduleRetry(row.id, reason, new Date(now.getTime() + delayMs));
        this.logger.warn({ ...log, err: reason, retryInMs: delayMs }, 'mail send failed; will retry');
      }
      return 'failed';
    }
    try {
      await this.beforeMarkSent?.(row.id);
    } catch (error) {
      // Behave like a process that died here: the row stays claimed and unsent; after the lease
      // it is sent again (same Message-ID).
      this.logger.error({ ...log, ...describe(error) }, 'mail worker interrupted after send, before mark');
      return 'crashed';
    }
    await this.store.markSent(row.id, this.clock.now());
    this.logger.debug(log, 'mail sent');
    return 'sent';
  }

  private outgoing(row: ClaimedMail): OutgoingMail {
    return {
      id: row.id,
      kind: row.kind,
      from: this.from,
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: messageIdFor(row.id),
      headers: extraHeaders(row.headers),
      date: row.createdAt,
    };
  }

  private async pruneIfDue(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPruneAt < this.pruneIntervalMs) return;
    this.lastPruneAt = now;
    const deleted = await this.store.prune(new Date(now - this.retentionMs));
    if (deleted > 0) this.logger.info({ deleted }, 'mail outbox pruned (sent or failed before the retention)');
  }
}

function describe(error: unknown): { err: string; code?: unknown } {
  if (error instanceof Error) {
    const code = (error as { responseCode?: unknown; code?: unknown }).responseCode ?? (error as { code?: unknown }).code;
    return code === undefined ? { err: error.message } : { err: error.message, code };
  }
  return { err: String(error) };
}
