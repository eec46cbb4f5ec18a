import { eventOutbox, TransactionalUnitOfWork } from '@agora/prisma-kit';
import type { TransactionScope, UnitOfWork } from '../application/ports';
import { toEnvelope } from './comment-event.mapper';
import { PrismaCommentRepository } from './prisma-comment.repository';
import { PrismaPostAccess } from './prisma-post-access';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';

/**
 * One Prisma interactive transaction per command (the shared unit of work of `@agora/prisma-kit`):
 * comment writes, outbox rows and (for consumers) the inbox row commit together.
 * `onOutboxCommitted` runs after a commit that wrote outbox rows — the relay's `wake()`.
 */
export class PrismaUnitOfWork extends TransactionalUnitOfWork<Prisma.TransactionClient, TransactionScope> implements UnitOfWork {
  constructor(prisma: PrismaClient, onOutboxCommitted?: () => void) {
    super(prisma, {
      onOutboxCommitted,
      scope: (tx, outbox) => ({
        posts: new PrismaPostAccess(tx),
        comments: new PrismaCommentRepository(tx),
        outbox: eventOutbox(outbox, toEnvelope),
      }),
    });
  }
}
