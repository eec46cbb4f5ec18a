import { eventOutbox, TransactionalUnitOfWork } from '@agora/prisma-kit';
import type { TransactionScope, UnitOfWork } from '../application/ports';
import { PrismaProfileRepository } from './prisma-profile.repository';
import { toEnvelope } from './profile-event.mapper';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';

/**
 * One Prisma interactive transaction per command (the shared unit of work of `@agora/prisma-kit`):
 * profile writes, outbox rows and (for consumers) the inbox row commit together.
 * `onOutboxCommitted` runs after a commit that wrote outbox rows — the relay's `wake()`.
 */
export class PrismaUnitOfWork extends TransactionalUnitOfWork<Prisma.TransactionClient, TransactionScope> implements UnitOfWork {
  constructor(prisma: PrismaClient, onOutboxCommitted?: () => void) {
    super(prisma, {
      onOutboxCommitted,
      scope: (tx, outbox) => ({
        profiles: new PrismaProfileRepository(tx),
        outbox: eventOutbox(outbox, toEnvelope),
      }),
    });
  }
}
