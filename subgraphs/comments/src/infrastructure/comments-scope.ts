import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { toEnvelope } from './comment-event.mapper';
import { PrismaCommentRepository } from './prisma-comment.repository';
import { PrismaModerationDecisions } from './prisma-moderation';
import { PrismaPostAccess } from './prisma-post-access';
import type { Prisma } from './prisma/__generated__/client';

/** What one transaction offers comments' commands and consumers: its repositories over `tx`, and the outbox. */
export function commentsScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return {
    posts: new PrismaPostAccess(tx),
    comments: new PrismaCommentRepository(tx),
    moderation: new PrismaModerationDecisions(tx),
    outbox: eventOutbox(outbox, toEnvelope),
  };
}
