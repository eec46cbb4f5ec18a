/**
 * `npm run rebuild:read-model -w @agora/posts`: rebuilds the read table `post` from the event
 * streams (`post_event`) in one transaction, against the configured database (POSTS_DATABASE_URL,
 * or PGlite in <DATA_DIR>/posts — stop the service first when on PGlite: one process per dir).
 */
import { fileURLToPath } from 'node:url';
import { databaseFor } from '@agora/context-runtime';
import { openDatabase } from '@agora/prisma-kit';
import { loadConfig } from '@agora/service-kit';
import { configSchema } from './config';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { hashReadModel, rebuildReadModel } from './infrastructure/read-model';

const config = loadConfig(configSchema);
const db = await openDatabase(databaseFor('posts', config));
try {
  await db.migrate(fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  const prisma = new PrismaClient({ adapter: db.adapter });
  try {
    const before = await hashReadModel(prisma);
    const posts = await rebuildReadModel(prisma);
    const after = await hashReadModel(prisma);
    console.log(
      `posts: rebuilt ${posts} post(s) from post_event; sha256 before ${before}, after ${after}${before === after ? ' (unchanged)' : ''}`,
    );
  } finally {
    await prisma.$disconnect();
  }
} finally {
  await db.close();
}
