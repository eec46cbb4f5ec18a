import { eventOutbox, TransactionalUnitOfWork } from '@agora/prisma-kit';
import type { TransactionScope, UnitOfWork } from '../application/ports';
import { PrismaCircleRepository } from './prisma-circle.repository';
import { PrismaKnownAccounts } from './prisma-known-accounts';
import { PrismaUserPairRepository } from './prisma-user-pair.repository';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';
import { toEnvelope } from './social-event.mapper';

/**
 * One Prisma interactive transaction per command (the shared unit of work of `@agora/prisma-kit`):
 * relationship and circle writes, outbox rows and (for consumers) the inbox row commit together.
 * `onOutboxCommitted` runs after a commit that wrote outbox rows — the relay's `wake()`.
 */
export class PrismaUnitOfWork extends TransactionalUnitOfWork<Prisma.TransactionClient, TransactionScope> implements UnitOfWork {
  constructor(prisma: PrismaClient, onOutboxCommitted?: () => void) {
    super(prisma, {
      onOutboxCommitted,
      scope: (tx, outbox) => ({
        accounts: new PrismaKnownAccounts(tx),
        pairs: new PrismaUserPairRepository(tx),
        circles: new PrismaCircleRepository(tx),
        outbox: eventOutbox(outbox, toEnvelope),
      }),
    });
  }
}
