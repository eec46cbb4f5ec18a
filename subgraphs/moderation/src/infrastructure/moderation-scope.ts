import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope } from '../application/ports';
import { toEnvelope } from './moderation-event.mapper';
import { PrismaCommentFacts, PrismaDecisionLog, PrismaRoles, PrismaSuspensions } from './prisma-replicas';
import { PrismaReports } from './prisma-reports';
import { PrismaSubjects } from './prisma-subjects';
import type { Prisma } from './prisma/__generated__/client';

/** What one transaction offers moderation's commands and consumers: its repositories and replicas over `tx`, and the outbox. */
export function moderationScope(tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return {
    subjects: new PrismaSubjects(tx),
    reports: new PrismaReports(tx),
    suspensions: new PrismaSuspensions(tx),
    roles: new PrismaRoles(tx),
    comments: new PrismaCommentFacts(tx),
    decisions: new PrismaDecisionLog(tx),
    outbox: eventOutbox(outbox, toEnvelope),
  };
}
