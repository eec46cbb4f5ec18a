import type { Prisma } from './prisma/__generated__/client';

/**
 * Takes a transaction-scoped advisory lock on a name: any other transaction locking the same name
 * waits until this one commits or rolls back. Used where no row exists yet to lock (two users
 * with nothing between them, an owner's set of circles). The name is hashed to Postgres' 64-bit
 * lock space; a collision only makes two unrelated commands wait for each other, never wrong.
 */
export async function lockName(tx: Prisma.TransactionClient, name: string): Promise<void> {
  // executeRaw: the function returns void, which has no result mapping.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
}

/** One name per unordered pair of users, whichever of them acts. */
export const pairLockName = (a: string, b: string): string => `social:pair:${[a, b].sort().join(':')}`;
export const ownerCirclesLockName = (ownerId: string): string => `social:circles-of:${ownerId}`;
