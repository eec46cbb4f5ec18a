import { TransactionalUnitOfWork } from '@agora/prisma-kit';
import type { NotificationScope, UnitOfWork } from '../application/ports';
import { prismaNotificationScope } from './prisma-notification-scope';
import type { Prisma, PrismaClient } from './prisma/__generated__/client';

/**
 * One Prisma interactive transaction per consumed event (the shared unit of work of
 * `@agora/prisma-kit`): the inbox row and the handler's effect commit together, so a redelivered
 * event is skipped and a failed one leaves nothing behind. Notifications publishes no events: its
 * scope does not use the outbox, so nothing wakes a relay.
 */
export class PrismaUnitOfWork extends TransactionalUnitOfWork<Prisma.TransactionClient, NotificationScope> implements UnitOfWork {
  constructor(prisma: PrismaClient) {
    super(prisma, { scope: (tx) => prismaNotificationScope(tx) });
  }
}
