import { z } from 'zod';
import { EventContractError } from './contract-error';
import { newEventId } from './event-id';

export { EventContractError } from './contract-error';
export { newEventId } from './event-id';

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

/**
 * `<context>.<aggregate>.<past-verb>.v<N>`: four lower-case tokens, the last a version. The type
 * is also the NATS subject, so tokens must not contain dots, wildcards or whitespace.
 */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

/**
 * Declares a contract. The type is checked here, at module load, so a malformed name fails the
 * first test that imports the contracts instead of surfacing as an unroutable subject later.
 */
export function defineEvent<T extends string, P>(contract: EventContract<T, P>): EventContract<T, P> {
  if (!EVENT_TYPE_PATTERN.test(contract.type)) {
    throw new Error(`event type "${contract.type}" must look like <context>.<aggregate>.<past-verb>.v<N>`);
  }
  if (!contract.stream) throw new Error(`event type "${contract.type}" names no stream`);
  return Object.freeze({ ...contract });
}

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

/** zod schema of the envelope itself (payload unchecked). */
export const envelopeSchema: z.ZodType<EventEnvelope<unknown>> = z.object({
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must look like <context>.<aggregate>.<past-verb>.v<N>'),
  occurredAt: z.iso.datetime({ offset: true }),
  aggregateId: z.string().min(1),
  aggregateVersion: z.number().int().nonnegative(),
  // z.unknown() accepts a missing key; an event without a payload is malformed.
  payload: z.unknown().refine((value) => value !== undefined, 'payload is required'),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actorId: z.string().min(1).nullable(),
});

/** Builds an envelope, validating the payload against the contract (throws EventContractError). */
export function createEvent<T extends string, P>(contract: EventContract<T, P>, input: CreateEventInput<P>): EventEnvelope<P, T> {
  const payload = contract.schema.safeParse(input.payload);
  if (!payload.success) throw EventContractError.fromZod(contract.type, payload.error, 'payload');

  const id = input.id ?? newEventId();
  const candidate: EventEnvelope<P, T> = {
    id,
    type: contract.type,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    aggregateId: input.aggregateId,
    aggregateVersion: input.aggregateVersion,
    payload: payload.data,
    // A user's request starts a new chain: the first event is its own correlation root.
    correlationId: input.correlationId ?? id,
    causationId: input.causationId ?? null,
    actorId: input.actorId ?? null,
  };
  const envelope = envelopeSchema.safeParse(candidate);
  if (!envelope.success) throw EventContractError.fromZod(contract.type, envelope.error);
  return candidate;
}

/** Validates an incoming envelope and its payload against the contract (throws EventContractError). */
export function parseEvent<T extends string, P>(contract: EventContract<T, P>, raw: unknown): EventEnvelope<P, T> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw EventContractError.fromZod(contract.type, envelope.error);
  if (envelope.data.type !== contract.type) {
    throw new EventContractError(contract.type, [`type: expected ${contract.type}, received ${envelope.data.type}`]);
  }
  const payload = contract.schema.safeParse(envelope.data.payload);
  if (!payload.success) throw EventContractError.fromZod(contract.type, payload.error, 'payload');
  return { ...envelope.data, type: contract.type, payload: payload.data };
}
