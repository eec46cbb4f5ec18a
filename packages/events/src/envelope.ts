import { z } from 'zod';

/** The envelope every event travels in (ARCHITECTURE.md §3). */
export interface EventEnvelope<P = unknown, T extends string = string> {
  /** UUIDv7: time-ordered, doubles as the JetStream Nats-Msg-Id and the inbox key. */
  id: string;
  type: T;
  /** ISO-8601 instant the state change happened. */
  occurredAt: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: P;
  /** Id of the request or event chain this belongs to. */
  correlationId: string;
  /** Id of the event (or request) that directly caused this one; null for a user's request. */
  causationId: string | null;
  /** The account that caused the change, when a person did. */
  actorId: string | null;
}

/** A versioned event type: its name (= subject), the stream it lives in, and its payload schema. */
export interface EventContract<T extends string = string, P = unknown> {
  type: T;
  /** Name of the JetStream stream of the producing context, e.g. `POSTS`. */
  stream: string;
  /** Human description, shown in the contracts snapshot. */
  description: string;
  schema: z.ZodType<P>;
}

export type PayloadOf<C> = C extends EventContract<string, infer P> ? P : never;

export declare function defineEvent<T extends string, P>(contract: EventContract<T, P>): EventContract<T, P>;

export interface CreateEventInput<P> {
  aggregateId: string;
  aggregateVersion: number;
  payload: P;
  correlationId?: string;
  causationId?: string | null;
  actorId?: string | null;
  /** Defaults to now. */
  occurredAt?: Date;
  /** Defaults to a fresh UUIDv7. */
  id?: string;
}

/** Builds an envelope, validating the payload against the contract (throws EventContractError). */
export declare function createEvent<T extends string, P>(contract: EventContract<T, P>, input: CreateEventInput<P>): EventEnvelope<P, T>;

/** Validates an incoming envelope and its payload against the contract (throws EventContractError). */
export declare function parseEvent<T extends string, P>(contract: EventContract<T, P>, raw: unknown): EventEnvelope<P, T>;

/** zod schema of the envelope itself (payload unchecked). */
export declare const envelopeSchema: z.ZodType<EventEnvelope<unknown>>;

export declare class EventContractError extends Error {
  readonly eventType: string;
  readonly issues: string[];
}

/** A fresh UUIDv7 string. */
export declare function newEventId(): string;
