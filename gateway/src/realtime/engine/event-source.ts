import { isNatsConnected, type NatsConnection } from '@agora/messaging';
import type { Logger } from '@agora/service-kit';
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';

/** One message of the REALTIME stream: its sequence is the position clients resume from. */
export interface StreamEvent {
  seq: number;
  subject: string;
  data: Uint8Array;
}

const toEvent = (message: JsMsg): StreamEvent => ({ seq: message.seq, subject: message.subject, data: message.data });

/** Messages pulled per request; the server keeps this many in flight to us. */
const LIVE_BATCH = 256;
/** Pull expiry; the idle heartbeat is half of it, so a lost consumer is noticed within ~10 s. */
const LIVE_EXPIRES_MS = 10_000;
/** Failed recreations after which a lost stream is handed back to the supervisor (re-ensure it). */
const STREAM_LOST_AFTER = 3;
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

export interface LiveEventSourceOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  stream: string;
  /** Start after this sequence (the stream's last sequence when the engine starts). */
  after: number;
  /** Called for each message in stream order, synchronously (the fan-out indexes in memory). */
  onEvent: (event: StreamEvent) => void;
  /**
   * Run before every consumer after the first: ensures the stream (it may have been deleted) and
   * returns its last sequence. A last sequence below our position means the stream was recreated
   * and positions restarted: `onReset` is called and the feed continues from the new stream.
   */
  prepare?: () => Promise<number>;
  onReset?: () => void;
  logger: Logger;
  /** Pull expiry (tests shorten it to notice a lost consumer sooner); default 10 s. */
  expiresMs?: number;
}

/**
 * The live feed of one gateway instance: an ordered, ephemeral JetStream consumer on REALTIME
 * (nothing durable to clean up when an instance dies). It starts at an explicit sequence rather
 * than `deliver_policy: new`: an ordered consumer recreates itself after a reconnect or a server
 * restart from the last sequence it saw + 1, and with `new` that cursor would start at 0 (the
 * whole stream replayed). Should the consume loop itself end (30 failed recreations, the stream
 * deleted), the supervisor below ensures the stream again and starts a new consumer after the
 * last position, with backoff.
 */
export class LiveEventSource {
  private last: number;
  private messages: ConsumerMessages | undefined;
  private attached = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: LiveEventSourceOptions) {
    this.last = options.after;
  }

  /** The last sequence handed to `onEvent` (or the start position). */
  get position(): number {
    return this.last;
  }

  isAttached(): boolean {
    return this.attached && !this.stopped && isNatsConnected(this.options.nc);
  }

  /** Resolves once the first consumer is created (so the engine is live), rejects if it cannot be. */
  async start(): Promise<void> {
    const first = await this.attach();
    this.loop = this.run(first);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.attached = false;
    this.wakeUp?.();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private async attach(): Promise<ConsumerMessages> {
    if (this.messages && this.options.prepare) {
      const last = await this.options.prepare();
      if (last < this.last) {
        this.options.logger.warn({ position: this.last, streamLast: last }, 'realtime: the stream was recreated; positions restart');
        this.last = last;
        this.options.onReset?.();
      }
    }
    const consumer = await this.options.js.consumers.get(this.options.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.last + 1,
    });
    const messages = await consumer.consume({ max_messages: LIVE_BATCH, expires: this.options.expiresMs ?? LIVE_EXPIRES_MS });
    this.messages = messages;
    this.attached = true;
    void this.watch(messages);
    return messages;
  }

  private async run(first: ConsumerMessages): Promise<void> {
    const { logger } = this.options;
    let messages: ConsumerMessages | undefined = first;
    let failures = 0;
    while (!this.stopped) {
      try {
        messages ??= await this.attach();
        failures = 0;
        for await (const message of messages) {
          // Positions only grow: an ordered consumer never redelivers what it has passed.
          if (message.seq <= this.last) continue;
          try {
            this.options.onEvent(toEvent(message));
          } catch (error) {
            logger.error({ err: error, seq: message.seq, subject: message.subject }, 'realtime: fan-out failed for an event');
          }
          this.last = message.seq;
        }
        if (!this.stopped) logger.warn({ position: this.last }, 'realtime: the live consumer ended; starting a new one');
      } catch (error) {
        if (this.stopped) break;
        logger.warn({ err: error instanceof Error ? error.message : String(error), position: this.last }, 'realtime: live consumer failed');
      }
      this.attached = false;
      messages = undefined;
      if (this.stopped) break;
      await this.pause(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]!);
    }
    this.attached = false;
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    const { logger } = this.options;
    let streamMissing = 0;
    try {
      for await (const status of messages.status()) {
        switch (status.type) {
          case 'heartbeats_missed':
            this.attached = false;
            logger.warn({ count: status.count }, 'realtime: live consumer missed heartbeats');
            break;
          case 'ordered_consumer_recreated':
            this.attached = true;
            streamMissing = 0;
            logger.info({ name: status.name, position: this.last }, 'realtime: live consumer recreated');
            break;
          case 'next':
            // A pull went out: the consumer is working again after a gap.
            this.attached = true;
            break;
          case 'stream_not_found':
            this.attached = false;
            logger.warn({ times: ++streamMissing }, 'realtime: the stream is gone');
            // The ordered consumer would retry forever; the supervisor recreates the stream.
            if (streamMissing >= STREAM_LOST_AFTER) void messages.close().catch(() => undefined);
            break;
          case 'consumer_deleted':
          case 'consumer_not_found':
            this.attached = false;
            logger.warn({ status: status.type }, 'realtime: live consumer lost; it is being recreated');
            break;
          default:
            break;
        }
      }
    } catch {
      // The status iterator ends with the consumer; nothing to do.
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

export interface ReadRangeOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** First sequence wanted; older than the stream's first message means "from the first kept". */
  from: number;
  /** Last sequence wanted (inclusive); nothing after it is yielded. */
  to: number;
  signal?: AbortSignal;
  batch?: number;
}

/**
 * Reads `from..to` of a stream with a temporary ordered consumer (`opt_start_seq`), for a resume:
 * yields each message in order and stops at `to`. Messages expired by the stream's max age are
 * simply not there (JetStream starts at the first it still has). The consumer is deleted after.
 */
export async function* readRange(options: ReadRangeOptions): AsyncGenerator<StreamEvent> {
  const { js, jsm, stream, to, signal } = options;
  let next = Math.max(1, options.from);
  if (next > to) return;
  const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next });
  try {
    while (next <= to && !signal?.aborted) {
      const batch = await consumer.fetch({ max_messages: Math.min(options.batch ?? 128, to - next + 1), expires: 2_000 });
      let received = 0;
      for await (const message of batch) {
        received++;
        if (message.seq > to) return;
        next = message.seq + 1;
        yield toEvent(message);
        if (signal?.aborted) return;
      }
      if (received === 0) {
        // Nothing came within the expiry: stop if nothing up to `to` is left (expired meanwhile).
        const { state } = await jsm.streams.info(stream);
        if (state.last_seq < next || state.first_seq > to) return;
      }
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}
