import type { EventEnvelope } from '@agora/events';
import { processFaultPoints, type FaultPoints } from '@agora/messaging';
import { handleOnce } from './inbox';
import { appendToOutbox } from './outbox';
import type { SqlExecutor, TransactionalClient } from './sql-executor';

/** The outbox as one transaction sees it: envelopes appended here commit with the transaction. */
export interface TransactionOutbox {
  /** Inserts the envelopes (in order) in the transaction; an empty list writes nothing. */
  append(envelopes: readonly EventEnvelope[]): Promise<void>;
}

/** A context's outbox port: its own domain events plus the metadata its mapper needs. */
export interface DomainEventOutbox<Event, Metadata> {
  append(events: readonly Event[], metadata: Metadata): Promise<void>;
}

/**
 * Adapts the transaction's outbox to a context's outbox port, mapping each domain event to its
 * envelope with the context's own mapper.
 */
export function eventOutbox<Event, Metadata>(
  outbox: TransactionOutbox,
  toEnvelope: (event: Event, metadata: Metadata) => EventEnvelope,
): DomainEventOutbox<Event, Metadata> {
  return {
    append: (events, metadata) => outbox.append(events.map((event) => toEnvelope(event, metadata))),
  };
}

export interface UnitOfWorkOptions<Tx extends SqlExecutor, Scope> {
  /** What one transaction offers a use case: the context's repositories over `tx`, and its outbox. */
  scope(tx: Tx, outbox: TransactionOutbox): Scope;
  /**
   * Runs after a commit that wrote outbox rows (never after a rollback, a skipped duplicate or a
   * commit without events) — the relay's `wake()`, so events leave without waiting for its next poll.
   */
  onOutboxCommitted?: () => void;
  /** Test-only fault points; default the process's (`AGORA_FAULT`): `uow.after-commit-before-publish` fires between commit and wake. */
  faults?: FaultPoints;
}

/**
 * One Prisma interactive transaction per command or consumed event: the context's writes, its
 * outbox rows and (for `runOnce`) the inbox row commit together or not at all. Only the
 * transaction scope differs between contexts; each supplies it as `options.scope`.
 */
export class TransactionalUnitOfWork<Tx extends SqlExecutor, Scope> {
  private readonly onOutboxCommitted: () => void;
  private readonly faults: FaultPoints;

  constructor(
    private readonly prisma: TransactionalClient<Tx>,
    private readonly options: UnitOfWorkOptions<Tx, Scope>,
  ) {
    this.onOutboxCommitted = options.onOutboxCommitted ?? (() => {});
    this.faults = options.faults ?? processFaultPoints();
  }

  async run<R>(work: (scope: Scope) => Promise<R>): Promise<R> {
    let appended = false;
    const result = await this.prisma.$transaction((tx) => work(this.scope(tx, () => (appended = true))));
    if (appended) this.committed();
    return result;
  }

  /**
   * Like run, and records (consumer, eventId) in the inbox in the same transaction. Runs nothing
   * and returns false when that consumer already processed that event.
   */
  async runOnce(consumer: string, eventId: string, work: (scope: Scope) => Promise<void>): Promise<boolean> {
    let appended = false;
    const ran = await handleOnce(this.prisma, consumer, eventId, (tx) => work(this.scope(tx, () => (appended = true))));
    if (ran && appended) this.committed();
    return ran;
  }

  /** Between the commit and the relay's wake: the hazard `uow.after-commit-before-publish` crashes at. */
  private committed(): void {
    this.faults.crashIfHit('uow.after-commit-before-publish');
    this.onOutboxCommitted();
  }

  private scope(tx: Tx, onAppend: () => void): Scope {
    const outbox: TransactionOutbox = {
      async append(envelopes) {
        if (envelopes.length === 0) return;
        await appendToOutbox(tx, envelopes);
        onAppend();
      },
    };
    return this.options.scope(tx, outbox);
  }
}

/** `new TransactionalUnitOfWork(prisma, options)`, for callers that prefer a factory. */
export function createUnitOfWork<Tx extends SqlExecutor, Scope>(
  prisma: TransactionalClient<Tx>,
  options: UnitOfWorkOptions<Tx, Scope>,
): TransactionalUnitOfWork<Tx, Scope> {
  return new TransactionalUnitOfWork(prisma, options);
}
