import type { KnownAccounts } from '../application/ports';
import type { Prisma } from './prisma/__generated__/client';

/** The replica of identity's accounts, inside the current transaction. */
export class PrismaKnownAccounts implements KnownAccounts {
  constructor(private readonly db: Prisma.TransactionClient) {}

  async exists(accountId: string): Promise<boolean> {
    return (await this.db.knownAccount.findUnique({ where: { id: accountId }, select: { id: true } })) !== null;
  }

  async record(account: { id: string; username: string; registeredAt: Date }, at: Date): Promise<boolean> {
    // ON CONFLICT DO NOTHING: a second registration event of the same account changes nothing.
    const { count } = await this.db.knownAccount.createMany({ data: [{ ...account, recordedAt: at }], skipDuplicates: true });
    return count === 1;
  }
}
