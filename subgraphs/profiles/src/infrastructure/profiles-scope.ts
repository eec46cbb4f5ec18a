import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { PrismaProfileRepository } from './prisma-profile.repository';
import { toEnvelope } from './profile-event.mapper';
import type { Prisma } from './prisma/__generated__/client';

/** What one transaction offers profiles' command and consumer: the profile repository over `tx`, and the outbox. */
export function profilesScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return { profiles: new PrismaProfileRepository(tx), outbox: eventOutbox(outbox, toEnvelope) };
}
