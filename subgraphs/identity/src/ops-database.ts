import { fileURLToPath } from 'node:url';
import { PRISMA_CLIENT_DEFAULTS, databaseFor } from '@agora/context-runtime';
import { openDatabase } from '@agora/prisma-kit';
import type { IdentityConfig } from './config';
import { PrismaClient } from './infrastructure/prisma-client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

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
