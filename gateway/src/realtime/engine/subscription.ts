import type { Delivery } from '@agora/realtime';
import type { Logger } from '@agora/service-kit';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { slowConsumer } from './errors';
import { MessageStream } from './message-stream';
import type { RealtimeMessage } from './types';

/** One REALTIME message as it concerns one subscription: its position and what it means for it. */
export interface QueuedEvent {
  seq: number;
  deliveries: Delivery[];
}

/** What handling one event produced for the subscriber. */
export type Outcome =
  | { kind: 'deliver'; payload: ExecutionResult }
  | { kind: 'skip' }
  /** The subscription ends: an optional last payload, then a message carrying only `errors`. */
  | { kind: 'end'; last?: ExecutionResult; errors: readonly GraphQLError[] };

export interface SubscriptionOptions {
  /** Nothing at or before this position is delivered (the resume position, or "now"). */
  position: number;
  /** Events waiting (queued, being resolved, or resolved but unread by the client) before the client counts as slow. */
  bufferMessages: number;
  /** Events of this subscription resolved at once (their `_entities` fetches merge). */
  concurrency: number;
  handle(event: QueuedEvent): Promise<Outcome>;
  /** Called once when the subscription is over, however it ended. */
  onClosed(): void;
  logger: Logger;
}

/**
 * One subscriber's ordered pipeline: events come in (live from the fan-out, or replayed for a
 * resume), are resolved a few at a time concurrently, and go out in position order. A position
 * is never delivered twice, nor one at or before the last delivered (dedupe across replay and
 * live). While a resume replays, live events wait in a backlog and join afterwards.
 *
 * Slow consumers: live events are never waited for; when `bufferMessages` events are already
 * waiting, the subscription ends with SERVICE_UNAVAILABLE / REALTIME.SLOW_CONSUMER (errors.ts),
 * its last message carrying the position of the last message the client took, so a resume from
 * there loses nothing. A replay waits for room instead (it reads at the client's pace).
 */
export class Subscription {
  readonly messages: MessageStream<RealtimeMessage>;
  private queue: QueuedEvent[] = [];
  private backlog: QueuedEvent[] | undefined;
  private lastQueued: number;
  private lastDelivered: number;
  private inFlight = 0;
  private running = false;
  private closed = false;
  private roomListeners: (() => void)[] = [];

  constructor(private readonly options: SubscriptionOptions) {
    this.lastQueued = options.position;
    this.lastDelivered = options.position;
    this.messages = new MessageStream(() => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Events waiting for this subscriber (what the slow-consumer limit counts). */
  get pending(): number {
    return this.queue.length + this.inFlight + this.messages.buffered;
  }

  /** Live events wait in a backlog until `finishReplay`. */
  startReplay(): void {
    this.backlog ??= [];
  }

  /** A live event from the fan-out. */
  offer(event: QueuedEvent): void {
    if (this.closed) return;
    if (this.backlog) {
      if (this.backlog.length >= this.options.bufferMessages) return this.endSlow();
      this.backlog.push(event);
      return;
    }
    if (event.seq <= this.lastQueued) return;
    if (this.pending >= this.options.bufferMessages) return this.endSlow();
    this.enqueue(event);
  }

  /** A replayed event; waits while the subscriber's buffer is full. False once it is closed. */
  async offerReplayed(event: QueuedEvent): Promise<boolean> {
    while (!this.closed && this.pending >= this.options.bufferMessages) await this.whenRoom();
    if (this.closed) return false;
    if (event.seq > this.lastQueued) this.enqueue(event);
    return true;
  }

  /** The replay reached the live position: the backlog joins the queue, in order. */
  finishReplay(): void {
    const backlog = this.backlog ?? [];
    this.backlog = undefined;
    for (const event of backlog) if (event.seq > this.lastQueued) this.enqueue(event);
  }

  /** Ends the subscription now with a last message carrying `errors` (at position `id`). */
  end(errors: readonly GraphQLError[], id: string = String(this.lastDelivered)): void {
    if (this.closed) return;
    this.messages.clear();
    this.messages.push({ id, payload: { errors } });
    this.close();
  }

  /** Stops without a message (client gone, engine closing): the stream ends after what was buffered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.backlog = undefined;
    this.messages.finish();
    this.notifyRoom();
    this.options.onClosed();
  }

  private endSlow(): void {
    this.options.logger.info({ pending: this.pending }, 'realtime: slow consumer, ending the subscription');
    this.end([slowConsumer()], this.messages.lastTaken?.id ?? String(this.options.position));
  }

  private enqueue(event: QueuedEvent): void {
    this.queue.push(event);
    this.lastQueued = event.seq;
    if (this.running) return;
    this.running = true;
    // A macrotask, not a microtask: every event of the batch the consumer just received is
    // queued before resolution starts, so they resolve together and their fetches merge.
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      while (!this.closed && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.concurrency);
        this.inFlight += batch.length;
        const outcomes = batch.map((event) =>
          this.options.handle(event).catch((error: unknown): Outcome => {
            this.options.logger.error({ err: error, seq: event.seq }, 'realtime: resolving an event failed; skipped');
            return { kind: 'skip' };
          }),
        );
        for (let i = 0; i < batch.length; i++) {
          const outcome = await outcomes[i]!;
          this.inFlight--;
          if (!this.closed) this.apply(batch[i]!.seq, outcome);
          this.notifyRoom();
        }
      }
    } finally {
      this.running = false;
    }
  }

  private apply(seq: number, outcome: Outcome): void {
    if (seq <= this.lastDelivered) return;
    const id = String(seq);
    if (outcome.kind === 'skip') return;
    this.lastDelivered = seq;
    if (outcome.kind === 'deliver') {
      this.messages.push({ id, payload: outcome.payload });
      return;
    }
    if (outcome.last) this.messages.push({ id, payload: outcome.last });
    this.messages.push({ id, payload: { errors: outcome.errors } });
    this.close();
  }

  private whenRoom(): Promise<void> {
    return new Promise((resolve) => {
      this.roomListeners.push(resolve);
      // The client taking a message also makes room.
      void this.messages.whenTaken().then(() => this.notifyRoom());
    });
  }

  private notifyRoom(): void {
    const listeners = this.roomListeners;
    this.roomListeners = [];
    for (const listener of listeners) listener();
  }
}
