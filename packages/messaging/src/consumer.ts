import { parseEvent, type EventContract, type EventEnvelope } from '@agora/events';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { exponentialBackoff, InterruptibleDelay, scheduledDelay } from './backoff';
import { publishDeadLetter } from './dead-letter';
import { processFaultPoints, type FaultPoints } from './fault-points';
import { describeError, withFields, type Log } from './log';
import { durableName } from './names';

export interface HandlerContext {
  /** Durable consumer name, `<context>--<handler-in-kebab>`; use it as the inbox key's consumer. */
  consumer: string;
  deliveryCount: number;
  logger: Log;
}

export interface EventHandler<T extends string = string, P = unknown> {
  /** `<Action>On<Event>`, e.g. `CreateProfileOnAccountRegistered`. */
  name: string;
  contract: EventContract<T, P>;
  /** Must be idempotent through the inbox; throw to nak and retry. */
  handle(event: EventEnvelope<P, T>, context: HandlerContext): Promise<void>;
}

export interface ConsumerOptions {
  nc: NatsConnection;
  /** The consuming context, e.g. `profiles`. */
  context: string;
  handlers: EventHandler<any, any>[];
  logger: Log;
  /** Default 10. */
  maxDeliver?: number;
  /** Nak delays by attempt; default [1s, 5s, 30s, 2m]. */
  backoffMs?: number[];
  /** Default 30 s. */
  ackWaitMs?: number;
  /** Messages pulled ahead per consumer; default 10. Each one's ack_wait runs while it waits its turn. */
  batchSize?: number;
  /**
   * Lifetime of one pull request; default 5 s (the client's minimum is 1 s). It also paces the
   * client's recovery after a reconnect, e.g. when JetStream was still starting up.
   */
  pullExpiresMs?: number;
  /** Test hook: runs after a handler succeeded, before ack. Throwing simulates a crash there (no ack, no nak). */
  beforeAck?: (event: EventEnvelope, consumer: string) => void | Promise<void>;
  /** Test-only fault points; default the process's (`AGORA_FAULT`, see fault-points.ts). */
  faults?: FaultPoints;
}

export interface RunningConsumers {
  /** Durable names, one per handler. */
  names: string[];
  stop(): Promise<void>;
}

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];
const ACK_TIMEOUT_MS = 5_000;

interface WorkerSettings {
  js: JetStreamClient;
  handler: EventHandler<any, any>;
  durable: string;
  logger: Log;
  maxDeliver: number;
  backoffMs: number[];
  batchSize: number;
  pullExpiresMs: number;
  beforeAck: ConsumerOptions['beforeAck'];
  faults: FaultPoints;
  ackWaitMs: number;
}

/** Creates the durable consumers idempotently (deliver all, ack explicit) and starts pulling. */
export async function startConsumers(options: ConsumerOptions): Promise<RunningConsumers> {
  const maxDeliver = options.maxDeliver ?? 10;
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) throw new Error(`maxDeliver must be a positive integer, got ${maxDeliver}`);
  const backoffMs = options.backoffMs?.length ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const faults = options.faults ?? processFaultPoints();
  const ackWaitMs = options.ackWaitMs ?? faults.ackWaitMs ?? 30_000;

  const names = options.handlers.map((handler) => durableName(options.context, handler.name));
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`two handlers map to the consumer name ${duplicate}`);

  const jsm = await jetstreamManager(options.nc);
  const js = jetstream(options.nc);
  for (const [index, handler] of options.handlers.entries()) {
    await ensureConsumer(jsm, handler.contract, names[index]!, ackWaitMs);
  }

  const workers = options.handlers.map(
    (handler, index) =>
      new ConsumerWorker({
        js,
        handler,
        durable: names[index]!,
        logger: withFields(options.logger, { consumer: names[index] }),
        maxDeliver,
        backoffMs,
        batchSize: options.batchSize ?? 10,
        pullExpiresMs: Math.max(1_000, options.pullExpiresMs ?? 5_000),
        beforeAck: options.beforeAck,
        faults,
        ackWaitMs,
      }),
  );
  for (const worker of workers) worker.start();
  options.logger.info({ consumers: names }, 'event consumers started');

  return {
    names,
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
      options.logger.info({ consumers: names }, 'event consumers stopped');
    },
  };
}

/**
 * Creates the durable pull consumer, or brings an existing one's tunable settings up to date.
 *
 * The server-side `max_deliver` is left unlimited (-1) on purpose: the dead-letter copy is made
 * by this client on the last allowed delivery. If the server itself stopped after `maxDeliver`
 * deliveries, a crash or a NATS outage during that last attempt would leave the message neither
 * handled nor dead-lettered. Here, any delivery beyond `maxDeliver` goes straight to the DLQ.
 */
async function ensureConsumer(jsm: JetStreamManager, contract: EventContract, durable: string, ackWaitMs: number): Promise<void> {
  const desired: Partial<ConsumerConfig> = {
    durable_name: durable,
    description: `${durable} handles ${contract.type}`,
    filter_subject: contract.type,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitMs),
    max_deliver: -1,
  };
  const existing = await consumerConfig(jsm, contract.stream, durable);
  if (!existing) {
    try {
      await jsm.consumers.add(contract.stream, desired);
      return;
    } catch (error) {
      // Another instance of this service created it first; check it below like any existing one.
      if (!(await consumerConfig(jsm, contract.stream, durable))) throw error;
    }
  }
  const current = (await consumerConfig(jsm, contract.stream, durable))!;
  if (current.filter_subject !== contract.type || current.ack_policy !== AckPolicy.Explicit) {
    throw new Error(
      `consumer ${durable} on ${contract.stream} filters ${current.filter_subject ?? '(all)'} with ack ${current.ack_policy}; ` +
        `expected ${contract.type} with explicit acks (delete it by hand to recreate it)`,
    );
  }
  if (current.ack_wait !== desired.ack_wait || current.max_deliver !== desired.max_deliver || current.description !== desired.description) {
    await jsm.consumers.update(contract.stream, durable, {
      ack_wait: desired.ack_wait!,
      max_deliver: desired.max_deliver!,
      description: desired.description!,
    });
  }
}

async function consumerConfig(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerConfig | undefined> {
  try {
    return (await jsm.consumers.info(stream, durable)).config;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
    throw error;
  }
}

/**
 * Pulls one durable consumer and runs its handler, one message at a time (per-consumer order is
 * kept except where a retry is delayed). Every message ends in exactly one of: ack (handled),
 * nak with delay (retry), term after a DLQ copy (gave up or breaks the contract), or nothing
 * (beforeAck crash simulation: the server redelivers after ack_wait). Never ack in `finally`.
 */
class ConsumerWorker {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private readonly retryDelay = new InterruptibleDelay();

  constructor(private readonly settings: WorkerSettings) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops pulling, lets the in-flight message finish, returns buffered ones to the server. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.retryDelay.interrupt();
    // close() settles only once the pull loop below reaches the close marker in the message
    // queue, so it is not awaited here: awaiting the loop covers it.
    this.messages?.close().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    const { js, handler, durable, logger } = this.settings;
    let failures = 0;
    while (!this.stopping) {
      try {
        const consumer = await js.consumers.get(handler.contract.stream, durable);
        const messages = await consumer.consume({ max_messages: this.settings.batchSize, expires: this.settings.pullExpiresMs });
        this.messages = messages;
        if (this.stopping) messages.close().catch(() => undefined);
        void this.watch(messages);
        for await (const msg of messages) {
          if (this.stopping) {
            // Pulled but not started: hand it back now rather than after ack_wait.
            safely(() => msg.nak());
            continue;
          }
          failures = 0;
          await this.process(msg);
        }
      } catch (error) {
        if (!this.stopping) logger.warn(describeError(error), 'event consumer interrupted; restarting');
      }
      if (this.stopping) break;
      failures += 1;
      await this.retryDelay.wait(exponentialBackoff(failures, 250, 5_000));
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    const { logger } = this.settings;
    try {
      for await (const status of messages.status()) {
        if (['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'no_responders'].includes(status.type)) {
          logger.warn({ status: status.type }, 'event consumer status');
        }
      }
    } catch {
      // the status stream ends with the messages iterator
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const { handler, durable, maxDeliver } = this.settings;
    const deliveryCount = msg.info.deliveryCount;
    const log = withFields(this.settings.logger, { subject: msg.subject, streamSeq: msg.info.streamSequence, deliveryCount });

    let event: EventEnvelope;
    try {
      event = parseEvent(handler.contract, msg.json());
    } catch (error) {
      // Retrying cannot fix a message that breaks the contract: dead-letter it at once.
      await this.deadLetter(msg, `contract violation: ${describeError(error).err}`, deliveryCount, log);
      return;
    }
    const eventLog = withFields(log, { eventId: event.id });

    if (deliveryCount > maxDeliver) {
      await this.deadLetter(
        msg,
        `delivered ${deliveryCount} times; max ${maxDeliver} (an earlier dead-letter attempt did not finish)`,
        deliveryCount,
        eventLog,
        event.id,
      );
      return;
    }

    if (this.settings.faults.fires('consumer.slower-than-ack-wait')) {
      // A handler slower than AckWait: the server redelivers while this run is still going; the
      // inbox must turn the second run into a no-op.
      this.settings.faults.report('consumer.slower-than-ack-wait');
      await new Promise((resolve) => setTimeout(resolve, this.settings.ackWaitMs + 1_000));
    }
    try {
      await handler.handle(event, { consumer: durable, deliveryCount, logger: eventLog });
    } catch (error) {
      if (deliveryCount >= maxDeliver) {
        await this.deadLetter(msg, describeError(error).err, deliveryCount, eventLog, event.id);
        return;
      }
      const retryInMs = scheduledDelay(this.settings.backoffMs, deliveryCount);
      eventLog.warn({ ...describeError(error), retryInMs }, 'event handler failed; will retry');
      safely(() => msg.nak(retryInMs));
      return;
    }

    this.settings.faults.crashIfHit('consumer.after-effect-before-ack');
    try {
      await this.settings.beforeAck?.(event, durable);
    } catch (error) {
      // Simulated crash after the handler committed: no ack and no nak. The server redelivers
      // after ack_wait and the inbox turns the second run into a no-op.
      eventLog.warn(describeError(error), 'interrupted before ack; the message will be redelivered');
      return;
    }

    try {
      await msg.ackAck({ timeout: ACK_TIMEOUT_MS });
    } catch (error) {
      eventLog.warn(describeError(error), 'ack not confirmed; the message may be redelivered (harmless through the inbox)');
    }
  }

  private async deadLetter(msg: JsMsg, reason: string, deliveryCount: number, log: Log, eventId?: string): Promise<void> {
    const { js, durable, backoffMs } = this.settings;
    let subject: string;
    try {
      subject = await publishDeadLetter(js, msg, { durable, error: reason, deliveryCount, timeoutMs: ACK_TIMEOUT_MS });
    } catch (error) {
      // Keep the original: with max_deliver unlimited it comes back and is dead-lettered then.
      log.error({ ...describeError(error), reason }, 'could not dead-letter the message; will try again on redelivery');
      safely(() => msg.nak(scheduledDelay(backoffMs, backoffMs.length)));
      return;
    }
    log.error({ eventId: eventId ?? null, dlqSubject: subject, reason }, 'dead-lettered');
    safely(() => msg.term());
  }
}

/** ack/nak/term are fire-and-forget publishes; on a closed connection they throw, which must not kill the loop. */
function safely(action: () => void): void {
  try {
    action();
  } catch {
    // The server redelivers after ack_wait; nothing else to do.
  }
}
