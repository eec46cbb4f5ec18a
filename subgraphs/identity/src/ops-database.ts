import { fileURLToPath } from 'node:url';
import { PRISMA_CLIENT_DEFAULTS, databaseFor } from '@agora/context-runtime';
import { openDatabase } from '@agora/prisma-kit';
import type { IdentityConfig } from './config';
import { callOps, type OpsCallResult } from './infrastructure/ops/ops-client';
import { liveOwner, ownerFileOf } from './infrastructure/ops/pglite-owner';
import { PrismaClient } from './infrastructure/prisma-client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/**
 * Asks the running identity to do `op` through its operations channel: the live owner of the
 * PGlite directory when there is one (at the URL it recorded), else IDENTITY_OPS_URL.
 * `{ running: false }` only when nothing listens AND no live process owns the PGlite directory —
 * the one case in which the CLI may open the database itself.
 */
export async function askRunningIdentity(config: IdentityConfig, op: string, args: Record<string, unknown> = {}): Promise<OpsCallResult> {
  const owner = await liveOwner(ownerFileOf(databaseFor('identity', config)));
  if (owner && owner.opsUrl === null)
    throw new Error(`identity (pid ${owner.pid}) is starting on this PGlite directory; try again in a moment`);
  const answer = await callOps(owner?.opsUrl ?? config.opsUrl, config.internalSecret, op, args);
  if (!answer.running && owner) {
    throw new Error(
      `identity (pid ${owner.pid}) has the PGlite directory open but nothing answers at ${owner.opsUrl}; not opening it from a second process`,
    );
  }
  return answer;
}

/**
 * For the ops CLIs when no identity is running: identity's database (IDENTITY_DATABASE_URL, or
 * PGlite in `<DATA_DIR>/identity`), migrated like identity's start would, for the length of `work`.
 */
export async function withIdentityDatabase<T>(config: IdentityConfig, work: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseFor('identity', config));
  try {
    await db.migrate(MIGRATIONS_DIR);
    const prisma = new PrismaClient({ adapter: db.adapter, ...PRISMA_CLIENT_DEFAULTS });
    try {
      return await work(prisma);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await db.close();
  }
}
