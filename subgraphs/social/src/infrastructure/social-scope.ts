import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { PrismaCircleRepository } from './prisma-circle.repository';
import { PrismaKnownAccounts } from './prisma-known-accounts';
import { PrismaUserPairRepository } from './prisma-user-pair.repository';
import type { Prisma } from './prisma/__generated__/client';
import { toEnvelope } from './social-event.mapper';

/** What one transaction offers social's commands and consumers: its repositories over `tx`, and the outbox. */
export function socialScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return {
    accounts: new PrismaKnownAccounts(tx),
    pairs: new PrismaUserPairRepository(tx),
    circles: new PrismaCircleRepository(tx),
    outbox: eventOutbox(outbox, toEnvelope),
  };
}
