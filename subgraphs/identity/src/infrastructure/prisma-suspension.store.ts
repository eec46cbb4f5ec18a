import type { SuspensionStore } from '../application/ports';
import type { TransactionClient } from './prisma-client';

/**
 * Suspension facts on the account row, in the consumer's transaction. Suspensions and
 * unsuspensions arrive through two durable consumers, so they can be handled out of order:
 * `suspension_as_of` keeps the moderation instant of the last applied fact, and an older one
 * changes nothing (the conditional update is the arbiter).
 */
export class PrismaSuspensionStore implements SuspensionStore {
  constructor(private readonly tx: TransactionClient) {}

  async suspend(accountId: string, { suspendedAt, until }: { suspendedAt: Date; until: Date | null }): Promise<boolean> {
    const { count } = await this.tx.account.updateMany({
      where: { id: accountId, OR: [{ suspensionAsOf: null }, { suspensionAsOf: { lt: suspendedAt } }] },
      data: { suspendedAt, suspendedUntil: until, suspensionAsOf: suspendedAt },
    });
    return count === 1;
  }

  async unsuspend(accountId: string, unsuspendedAt: Date): Promise<boolean> {
    const { count } = await this.tx.account.updateMany({
      where: { id: accountId, OR: [{ suspensionAsOf: null }, { suspensionAsOf: { lt: unsuspendedAt } }] },
      data: { suspendedAt: null, suspendedUntil: null, suspensionAsOf: unsuspendedAt },
    });
    return count === 1;
  }

  async revokeSessions(accountId: string, now: Date): Promise<number> {
    const { count } = await this.tx.refreshTokenFamily.updateMany({
      where: { accountId, revokedAt: null },
      data: { revokedAt: now, revokedReason: 'suspended' },
    });
    return count;
  }
}
