import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { PrismaProfileImages } from './prisma-profile-images';
import { PrismaProfileRepository } from './prisma-profile.repository';
import { toEnvelope } from './profile-event.mapper';
import type { Prisma } from './prisma/__generated__/client';

/** What one transaction offers profiles' command and consumers: the profile repository and the profile image replica over `tx`, and the outbox. */
export function profilesScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return { profiles: new PrismaProfileRepository(tx), profileImages: new PrismaProfileImages(tx), outbox: eventOutbox(outbox, toEnvelope) };
}
