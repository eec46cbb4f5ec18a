import { handleOnce } from '@agora/prisma-kit';
import type { NotificationScope, UnitOfWork } from '../application/ports';
import { prismaNotificationScope } from './prisma-notification-scope';
import type { PrismaClient } from './prisma/__generated__/client';

/**
 * One Prisma interactive transaction per consumed event: the inbox row (`handleOnce`) and the
 * handler's effect commit together, so a redelivered event is skipped and a failed one leaves
 * nothing behind. Notifications publishes no events (no outbox rows).
 */
export class PrismaUnitOfWork implements UnitOfWork {
  constructor(private readonly prisma: PrismaClient) {}

  runOnce(consumer: string, eventId: string, work: (scope: NotificationScope) => Promise<void>): Promise<boolean> {
    return handleOnce(this.prisma, consumer, eventId, (tx) => work(prismaNotificationScope(tx)));
  }
}
