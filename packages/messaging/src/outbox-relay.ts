import type { EventEnvelope } from '@agora/events';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { exponentialBackoff, InterruptibleDelay } from './backoff';
import { processFaultPoints, type FaultPoints } from './fault-points';
import { describeError, type Log } from './log';

export interface OutboxRecord {
  /** Event id (= Nats-Msg-Id). */
  id: string;
  /** Event type (= subject). */
  type: string;
  envelope: EventEnvelope;
}

/** Port implemented by @agora/prisma-kit's `createOutboxStore`. */
export interface OutboxStore {
  /** Oldest unpublished rows first (by insertion order). */
  fetchUnpublished(limit: number): Promise<OutboxRecord[]>;
  markPublished(ids: string[]): Promise<void>;
}

export interface OutboxRelayOptions {
  store: OutboxStore;
  nc: NatsConnection;
  logger: Log;
  /** Fallback polling interval; `wake()` after a commit makes latency lower. Default 250 ms. */
  pollIntervalMs?: number;
  /** Rows fetched per pass; default 100. */
  batchSize?: number;
  /** How long to wait for JetStream's ack of one publish; default 5 s. */
  publishTimeoutMs?: number;
  /** Pause after a failed pass, doubling per consecutive failure; default 250 ms → 5 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Test hook: runs after a record is acknowledged by JetStream, before it is marked. Throwing simulates a crash there. */
  afterPublish?: (record: OutboxRecord) => void | Promise<void>;
  /** Test-only fault points; default the process's (`AGORA_FAULT`, see fault-points.ts). */
  faults?: FaultPoints;
}

type PassOutcome = 'idle' | 'progress' | 'failed';

interface DrainWaiter {
  /** Only a pass started after this one proves the caller's rows are out. */
  afterPass: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Publishes committed outbox rows to JetStream, in order, at least once.
 *
 * One pass: fetch the oldest unpublished rows; publish them one by one, awaiting each ack
 * before the next (a later row never lands before an earlier one, even across retries); then
 * mark the acknowledged rows published in ONE `markPublished` call per pass (per batch, not
 * per row: one DB round trip per batch). A crash between ack and mark republishes those rows;
 * `msgID` = event id lets JetStream drop the copies within the stream's duplicate window.
 *
 * Failures (NATS away, publish timeout, DB error) end the pass; the relay backs off (capped
 * exponential) and retries forever from the first unmarked row. Passes never overlap: a single
 * loop runs them, and `wake()` only shortens its idle wait.
 */
export class OutboxRelay {
  private readonly store: OutboxStore;
  private readonly js: JetStreamClient;
  private readonly logger: Log;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly publishTimeoutMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly afterPublish: OutboxRelayOptions['afterPublish'];
  private readonly faults: FaultPoints;

  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private readonly idleDelay = new InterruptibleDelay();
  private readonly backoffDelay = new InterruptibleDelay();
  private passesStarted = 0;
  private consecutiveFailures = 0;
  private drainWaiters: DrainWaiter[] = [];

  constructor(options: OutboxRelayOptions) {
    this.store = options.store;
    this.js = jetstream(options.nc);
    this.logger = options.logger;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 100;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.backoffInitialMs = options.backoff?.initialMs ?? 250;
    this.backoffMaxMs = options.backoff?.maxMs ?? 5000;
    this.afterPublish = options.afterPublish;
    this.faults = options.faults ?? processFaultPoints();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Ask for an immediate pass (call after committing outbox rows). */
  wake(): void {
    this.wakeRequested = true;
    // Only the idle wait is cut short; a backoff after a failure is kept so that commits during
    // a NATS outage do not turn into a retry storm.
    this.idleDelay.interrupt();
  }

  /** Resolves when every currently committed row has been published (tests, shutdown). */
  drain(timeoutMs = 30_000): Promise<void> {
    if (!this.loop || this.stopping) return Promise.reject(new Error('OutboxRelay.drain: the relay is not running'));
    return new Promise<void>((resolve, reject) => {
      const waiter: DrainWaiter = {
        afterPass: this.passesStarted,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.drainWaiters = this.drainWaiters.filter((other) => other !== waiter);
          reject(new Error(`OutboxRelay.drain: outbox not empty after ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.drainWaiters.push(waiter);
      this.wake();
    });
  }

  /** Stops polling and waits for the in-flight pass to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.idleDelay.interrupt();
    this.backoffDelay.interrupt();
    await this.loop;
    this.loop = undefined;
    for (const waiter of this.drainWaiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('OutboxRelay.drain: the relay was stopped'));
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.wakeRequested = false;
      const outcome = await this.pass();
      if (this.stopping) break;
      if (outcome === 'failed') {
        this.consecutiveFailures += 1;
        const delayMs = exponentialBackoff(this.consecutiveFailures, this.backoffInitialMs, this.backoffMaxMs);
        this.logger.debug({ delayMs, failures: this.consecutiveFailures }, 'outbox relay backing off');
        await this.backoffDelay.wait(delayMs);
        continue;
      }
      if (this.consecutiveFailures > 0) this.logger.info({ failures: this.consecutiveFailures }, 'outbox relay recovered');
      this.consecutiveFailures = 0;
      // After progress, look again at once: more rows may be waiting, and only an empty fetch
      // proves the outbox drained.
      if (outcome === 'idle' && !this.wakeRequested) await this.idleDelay.wait(this.pollIntervalMs);
    }
  }

  private async pass(): Promise<PassOutcome> {
    const passNumber = ++this.passesStarted;
    let records: OutboxRecord[];
    try {
      records = await this.store.fetchUnpublished(this.batchSize);
    } catch (error) {
      this.logger.error(describeError(error), 'outbox relay could not read the outbox');
      return 'failed';
    }
    if (records.length === 0) {
      this.settleDrainWaiters(passNumber);
      return 'idle';
    }

    const acked: string[] = [];
    let outcome: PassOutcome = 'progress';
    for (const record of records) {
      if (this.stopping) break;
      try {
        const ack = await this.js.publish(record.type, JSON.stringify(record.envelope), {
          msgID: record.id,
          timeout: this.publishTimeoutMs,
        });
        this.logger.debug({ eventId: record.id, type: record.type, seq: ack.seq, duplicate: ack.duplicate }, 'event published');
      } catch (error) {
        this.logger.warn({ ...describeError(error), eventId: record.id, type: record.type }, 'event publish failed; will retry');
        outcome = 'failed';
        break;
      }
      this.faults.crashIfHit('relay.after-publish-before-mark');
      try {
        await this.afterPublish?.(record);
      } catch (error) {
        // Behave like a process that died here: nothing more is published or marked in this
        // pass, so this row and the acked rows before it are published again later.
        this.logger.error({ ...describeError(error), eventId: record.id }, 'outbox relay interrupted after publish, before mark');
        return 'failed';
      }
      acked.push(record.id);
    }

    if (acked.length > 0) {
      try {
        await this.store.markPublished(acked);
      } catch (error) {
        this.logger.error(
          { ...describeError(error), count: acked.length },
          'outbox relay could not mark rows published; they will be republished',
        );
        return 'failed';
      }
    }
    return outcome;
  }

  private settleDrainWaiters(passNumber: number): void {
    const [ready, waiting] = partition(this.drainWaiters, (waiter) => passNumber > waiter.afterPass);
    this.drainWaiters = waiting;
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }
}

function partition<T>(items: T[], predicate: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (predicate(item) ? yes : no).push(item);
  return [yes, no];
}
