import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';

/** The events this context emits (its domain events, mapped to published contracts at the outbox). */
export type MediaEvent = never;

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface MediaEventOutbox {
  append(events: readonly MediaEvent[], metadata: EventMetadata): Promise<void>;
}

/** What one transaction offers a command or consumer: the context's repositories, and its outbox. */
export interface TransactionScope {
  outbox: MediaEventOutbox;
}

/** One transaction per command or consumed event: writes, outbox rows and inbox row commit together. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}
