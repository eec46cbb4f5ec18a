/**
 * `npm run rebuild:read-model -w @agora/feed`: rebuilds the feed's read model (the audience
 * replica, moderation's removals and the timeline) from the SOCIAL, POSTS and MODERATION streams
 * in one transaction, against the configured database (FEED_DATABASE_URL, or PGlite in
 * <DATA_DIR>/feed — stop the service first when on PGlite: one process per dir) and NATS
 * (NATS_URL), with FEED_BACKFILL_DAYS.
 */
import { databaseFor } from '@agora/context-runtime';
import { connectNats } from '@agora/messaging';
import { openDatabase } from '@agora/prisma-kit';
import { createLogger, loadConfig } from '@agora/service-kit';
import { createFeedPrisma, MIGRATIONS_DIR } from './app';
import { configSchema } from './config';
import { BackfillWindow } from './domain/timeline/timeline-rule';
import { hashTimeline, rebuildReadModel } from './infrastructure/read-model';

const config = loadConfig(configSchema);
const logger = createLogger('feed-rebuild', config.logLevel);
const db = await openDatabase(databaseFor('feed', config));
try {
  await db.migrate(MIGRATIONS_DIR);
  const prisma = createFeedPrisma(db.adapter);
  const nc = await connectNats({ servers: config.natsUrl, name: 'feed-rebuild', logger, user: config.natsUser, pass: config.natsPassword });
  try {
    const before = await hashTimeline(prisma);
    const report = await rebuildReadModel(prisma, nc, {
      window: BackfillWindow.ofDays(config.backfillDays),
      onSkipped: (subject, seq, reason) =>
        logger.warn({ subject, seq, reason }, 'event breaks its contract; skipped (the live consumer dead-letters it)'),
    });
    const after = await hashTimeline(prisma);
    console.log(
      `feed: rebuilt ${report.rows} timeline row(s) from ${Object.entries(report.messages)
        .map(([s, n]) => `${n} ${s}`)
        .join(' + ')} message(s) ` +
        `(${report.projected} projected, ${report.skipped} skipped); sha256 before ${before}, after ${after}${before === after ? ' (unchanged)' : ''}`,
    );
  } finally {
    await nc.drain();
    await prisma.$disconnect();
  }
} finally {
  await db.close();
}
