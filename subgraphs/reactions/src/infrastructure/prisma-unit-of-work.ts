import { appendToOutbox, handleOnce } from '@agora/prisma-kit';
import type { TransactionScope, UnitOfWork } from '../application/ports';
import { PrismaCommentFacts, PrismaPostFacts } from './prisma-facts';
import { PrismaReactableSubjects } from './prisma-reactable-subjects';
import { PrismaReactionRepository } from './prisma-reaction.repository';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';
import { toEnvelope } from './reaction-event.mapper';

/**
 * One Prisma interactive transaction per command or consumed event: reaction and replica writes,
 * outbox rows and (for consumers) the inbox row commit together. `onOutboxCommitted` runs after a
 * commit that wrote outbox rows — the relay's `wake()`, so events leave without waiting for its
 * next poll.
 */
export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly onOutboxCommitted: () => void = () => {},
  ) {}

  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    let appended = false;
    const result = await this.prisma.$transaction((tx) => work(this.scope(tx, () => (appended = true))));
    if (appended) this.onOutboxCommitted();
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    let appended = false;
    const ran = await handleOnce(this.prisma, consumer, eventId, (tx) => work(this.scope(tx, () => (appended = true))));
    if (ran && appended) this.onOutboxCommitted();
    return ran;
  }

  private scope(tx: Prisma.TransactionClient, onAppend: () => void): TransactionScope {
    return {
      subjects: new PrismaReactableSubjects(tx),
      reactions: new PrismaReactionRepository(tx),
      comments: new PrismaCommentFacts(tx),
      posts: new PrismaPostFacts(tx),
      outbox: {
        append: async (events, metadata) => {
          if (events.length === 0) return;
          await appendToOutbox(tx, events.map((event) => toEnvelope(event, metadata)));
          onAppend();
        },
      },
    };
  }
}
