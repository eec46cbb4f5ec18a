import type { EventContract, EventEnvelope } from '@agora/events';
import { systemClock, type Clock, type EventMetadata } from '@agora/kernel';
import type { EventHandler } from '@agora/messaging';

/** What a consumer's handler receives besides the event and its ports. */
export interface ConsumedCall {
  /** For the events it causes in turn: correlation = the event's, causation = the event, actor = the event's actor. */
  metadata: EventMetadata;
  /** When this delivery is handled (the pipeline's clock), e.g. for "recorded at" columns. */
  now: Date;
}

/**
 * A durable consumer, declared once: the contract it consumes and a handler over the ports of
 * one transaction. The pipeline runs the handler exactly once per event through the inbox (in
 * the same transaction as its effects) — the handler never sees the inbox key or the transport.
 * Ids in the payload are already canonical (the contracts parse them so).
 */
export interface ConsumerDefinition<T extends string, P, Ports> {
  /** `<Action>On<Event>`; the durable name is `<context>--<action-on-event>`. */
  name: string;
  contract: EventContract<T, P>;
  handle(event: EventEnvelope<P, T>, ports: Ports, call: ConsumedCall): Promise<void>;
}

export function defineConsumer<T extends string, P, Ports>(definition: ConsumerDefinition<T, P, Ports>): ConsumerDefinition<T, P, Ports> {
  return definition;
}

/** The inbox-backed unit of work a consumer runs in (prisma-kit's TransactionalUnitOfWork is one). */
export interface InboxRunner<Ports> {
  /** Runs `work` and records (consumer, eventId) in one transaction; false (nothing run) when already recorded. */
  runOnce(consumer: string, eventId: string, work: (ports: Ports) => Promise<void>): Promise<boolean>;
}

export interface ConsumerPipelineOptions {
  clock?: Clock;
}

/**
 * Handles one parsed event with one consumer: its effects and the inbox row (durable, event id)
 * commit together. False when this durable consumer had handled the event already.
 */
export function consume<T extends string, P, Ports>(
  unitOfWork: InboxRunner<Ports>,
  consumer: ConsumerDefinition<T, P, Ports>,
  event: EventEnvelope<P, T>,
  durable: string,
  options: ConsumerPipelineOptions = {},
): Promise<boolean> {
  const call: ConsumedCall = {
    metadata: { correlationId: event.correlationId, causationId: event.id, actorId: event.actorId },
    now: (options.clock ?? systemClock).now(),
  };
  return unitOfWork.runOnce(durable, event.id, (ports) => consumer.handle(event, ports, call));
}

/** Binds declared consumers to a unit of work: the EventHandlers the consumer loop runs (it parses each message with the contract first). */
export function eventHandlers<Ports>(
  unitOfWork: InboxRunner<Ports>,
  consumers: readonly ConsumerDefinition<any, any, Ports>[],
  options: ConsumerPipelineOptions = {},
): EventHandler<any, any>[] {
  return consumers.map((consumer) => ({
    name: consumer.name,
    contract: consumer.contract,
    async handle(event: EventEnvelope, context) {
      const applied = await consume(unitOfWork, consumer, event, context.consumer, options);
      context.logger.debug({ eventId: event.id, type: event.type, applied }, applied ? 'event applied' : 'event already processed');
    },
  }));
}

/** An event as a use-case test writes it: the id and payload, the rest of the envelope optional. */
export type TestDelivery<P> = { id: string; payload: unknown } & Partial<Omit<EventEnvelope<P>, 'id' | 'payload'>>;

/**
 * One consumer bound to a unit of work for a use-case test: `deliver` parses the payload with the
 * contract exactly as the consumer loop does (so ids arrive canonical), fills the envelope's
 * metadata, and answers whether the event was applied (false: the inbox had it already).
 */
export function bindConsumer<T extends string, P, Ports>(
  unitOfWork: InboxRunner<Ports>,
  consumer: ConsumerDefinition<T, P, Ports>,
  options: ConsumerPipelineOptions & { durable?: string } = {},
): { deliver(event: TestDelivery<P>): Promise<boolean> } {
  const durable = options.durable ?? `test--${consumer.name}`;
  return {
    async deliver(event) {
      const envelope: EventEnvelope<P, T> = {
        type: consumer.contract.type,
        occurredAt: new Date(0).toISOString(),
        aggregateId: event.id,
        aggregateVersion: 1,
        correlationId: event.id,
        causationId: null,
        actorId: null,
        ...event,
        payload: consumer.contract.schema.parse(event.payload),
      } as EventEnvelope<P, T>;
      return consume(unitOfWork, consumer, envelope, durable, options);
    },
  };
}
