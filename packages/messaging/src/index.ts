/**
 * @agora/messaging — reliable domain events over NATS JetStream.
 *
 * Producer side: the state change and its outbox rows commit in one DB transaction (see
 * @agora/prisma-kit `appendToOutbox`); an OutboxRelay publishes unpublished rows in order with
 * `Nats-Msg-Id` = event id, then marks them published.
 * Consumer side: one durable pull consumer per handler, named `<context>--<handler-in-kebab>`;
 * the handler's effect and its inbox row commit together (prisma-kit `handleOnce`), then ack.
 * Failures nak with backoff; after maxDeliver the message is copied to the DLQ stream and termed.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventContract, EventEnvelope, StreamSpec } from '@agora/events';

/** Minimal structured logger (pino satisfies it). */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type { NatsConnection };

export interface ConnectOptions {
  /** e.g. nats://127.0.0.1:4222 (comma-separated list allowed). */
  servers: string;
  /** Connection name shown in NATS monitoring, e.g. `posts`. */
  name: string;
  logger: Log;
}
/**
 * Connects, retrying until the server answers, and keeps reconnecting forever afterwards
 * (the outbox holds events while NATS is away). Resolves once connected.
 */
export declare function connectNats(options: ConnectOptions): Promise<NatsConnection>;

/** True while the connection is open and not reconnecting (for /health/ready). */
export declare function isNatsConnected(nc: NatsConnection): boolean;

export interface StreamOptions {
  /** Retention by age; default 365 days (read models are rebuilt by replay). */
  maxAgeMs?: number;
  /** JetStream duplicate window; default 10 minutes (≥ the relay's retry horizon). */
  duplicateWindowMs?: number;
}
/** Creates or updates the streams (and the dead-letter stream) idempotently. */
export declare function ensureStreams(nc: NatsConnection, streams: StreamSpec[], options?: StreamOptions): Promise<void>;

// ── producer side ──────────────────────────────────────────────────────────────────────────────
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
  batchSize?: number;
  /** Test hook: runs after a record is acknowledged by JetStream, before it is marked. Throwing simulates a crash there. */
  afterPublish?: (record: OutboxRecord) => void | Promise<void>;
}
export declare class OutboxRelay {
  constructor(options: OutboxRelayOptions);
  start(): void;
  /** Ask for an immediate pass (call after committing outbox rows). */
  wake(): void;
  /** Resolves when every currently committed row has been published (tests, shutdown). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops polling and waits for the in-flight pass to finish. */
  stop(): Promise<void>;
}

// ── consumer side ──────────────────────────────────────────────────────────────────────────────
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
  /** Test hook: runs after a handler succeeded, before ack. Throwing simulates a crash there (no ack, no nak). */
  beforeAck?: (event: EventEnvelope, consumer: string) => void | Promise<void>;
}
export interface RunningConsumers {
  /** Durable names, one per handler. */
  names: string[];
  stop(): Promise<void>;
}
/** Creates the durable consumers idempotently (deliver all, ack explicit) and starts pulling. */
export declare function startConsumers(options: ConsumerOptions): Promise<RunningConsumers>;

/** `<context>--<kebab-case handler name>`, e.g. `profiles--create-profile-on-account-registered`. */
export declare function durableName(context: string, handlerName: string): string;
