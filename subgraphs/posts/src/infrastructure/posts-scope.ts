import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { PrismaMediaFacts } from './prisma-media-facts';
import { PrismaPostEventStore } from './prisma-post-event-store';
import { PrismaSocialFacts } from './prisma-social-facts';
import type { Prisma } from './prisma/__generated__/client';
import { toEnvelope } from './post-events.mapper';

/**
 * What one transaction offers posts' commands: the event store (replay, append with the expected
 * version, read table), the social and media replicas and the outbox — all over `tx`, so the stream, its
 * projection and the events' outbox rows commit together.
 */
export function postsScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return {
    posts: new PrismaPostEventStore(tx),
    social: new PrismaSocialFacts(tx),
    media: new PrismaMediaFacts(tx),
    outbox: eventOutbox(outbox, toEnvelope),
  };
}
