import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { PrismaCommentFacts, PrismaPostFacts } from './prisma-facts';
import { PrismaModerationDecisions } from './prisma-moderation';
import { PrismaReactableSubjects } from './prisma-reactable-subjects';
import { PrismaReactionRepository } from './prisma-reaction.repository';
import type { Prisma } from './prisma/__generated__/client';
import { toEnvelope } from './reaction-event.mapper';

/** What one transaction offers reactions' commands and consumers: its repositories and replicas over `tx`, and the outbox. */
export function reactionsScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return {
    subjects: new PrismaReactableSubjects(tx),
    reactions: new PrismaReactionRepository(tx),
    comments: new PrismaCommentFacts(tx),
    posts: new PrismaPostFacts(tx),
    moderation: new PrismaModerationDecisions(tx),
    outbox: eventOutbox(outbox, toEnvelope),
  };
}
