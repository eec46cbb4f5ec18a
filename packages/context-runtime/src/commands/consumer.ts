import type { EventContract, EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { EventHandler } from '@agora/messaging';

/** What a consumer's handler receives besides the event: the metadata for the events it causes in turn. */
export interface ConsumedCall {
  /** correlation = the event's correlation, causation = the event, actor = the event's actor. */
  metadata: EventMetadata;
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

/** Binds declared consumers to a unit of work: the EventHandlers the consumer loop runs. */
export function eventHandlers<Ports>(unitOfWork: InboxRunner<Ports>, consumers: readonly ConsumerDefinition<any, any, Ports>[]): EventHandler<any, any>[] {
  return consumers.map((consumer) => ({
    name: consumer.name,
    contract: consumer.contract,
    async handle(event: EventEnvelope, context) {
      const call: ConsumedCall = {
        metadata: { correlationId: event.correlationId, causationId: event.id, actorId: event.actorId },
      };
      const applied = await unitOfWork.runOnce(context.consumer, event.id, (ports) => consumer.handle(event, ports, call));
      context.logger.debug({ eventId: event.id, type: event.type, applied }, applied ? 'event applied' : 'event already processed');
    },
  }));
}
