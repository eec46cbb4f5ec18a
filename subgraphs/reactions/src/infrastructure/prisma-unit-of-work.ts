import { eventOutbox, TransactionalUnitOfWork } from '@agora/prisma-kit';
import type { TransactionScope, UnitOfWork } from '../application/ports';
import { PrismaCommentFacts, PrismaPostFacts } from './prisma-facts';
import { PrismaReactableSubjects } from './prisma-reactable-subjects';
import { PrismaReactionRepository } from './prisma-reaction.repository';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';
import { toEnvelope } from './reaction-event.mapper';

/**
 * One Prisma interactive transaction per command or consumed event (the shared unit of work of
 * `@agora/prisma-kit`): reaction and replica writes, outbox rows and (for consumers) the inbox row
 * commit together. `onOutboxCommitted` runs after a commit that wrote outbox rows — the relay's `wake()`.
 */
export class PrismaUnitOfWork extends TransactionalUnitOfWork<Prisma.TransactionClient, TransactionScope> implements UnitOfWork {
  constructor(prisma: PrismaClient, onOutboxCommitted?: () => void) {
    super(prisma, {
      onOutboxCommitted,
      scope: (tx, outbox) => ({
        subjects: new PrismaReactableSubjects(tx),
        reactions: new PrismaReactionRepository(tx),
        comments: new PrismaCommentFacts(tx),
        posts: new PrismaPostFacts(tx),
        outbox: eventOutbox(outbox, toEnvelope),
      }),
    });
  }
}
