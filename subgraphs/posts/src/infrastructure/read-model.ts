import { createHash } from 'node:crypto';
import { foldPostEvents } from '../domain/post/post-projection';
import type { PrismaClient } from './prisma/__generated__/client';
import { fromStoredEvent, type StoredPostEvent } from './post-event-store.mapper';
import { toPostRow } from './post.projection';

/**
 * Rebuilds the read table `post` from the streams in ONE transaction: empties it, folds every
 * post's stream with the same projection the live path uses, and writes the rows back. Readers
 * see the old table until the commit, then the new one; commands wait for the rebuild. Returns the number of posts written.
 */
export async function rebuildReadModel(prisma: PrismaClient, options: { timeoutMs?: number } = {}): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      // Commands in flight finish first (they hold ROW EXCLUSIVE on both tables) and new ones wait
      // until the commit, so no event is appended between the replay and the swap; reads go on.
      await tx.$executeRawUnsafe('LOCK TABLE post_event, post IN EXCLUSIVE MODE');
      await tx.$executeRawUnsafe('DELETE FROM post');
      const events = await tx.postEvent.findMany({ orderBy: [{ postId: 'asc' }, { version: 'asc' }] });
      const streams = new Map<string, StoredPostEvent[]>();
      for (const event of events) {
        const stream = streams.get(event.postId);
        if (stream) stream.push(event);
        else streams.set(event.postId, [event]);
      }
      const rows = [...streams.values()].map((stream) => toPostRow(foldPostEvents(stream.map(fromStoredEvent))!));
      for (let i = 0; i < rows.length; i += 1000) await tx.post.createMany({ data: rows.slice(i, i + 1000) });
      return rows.length;
    },
    { maxWait: 10_000, timeout: options.timeoutMs ?? 600_000 },
  );
}

/** sha256 of every row of `post`, ordered by id, every column — to prove two tables identical. */
export async function hashReadModel(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.post.findMany({ orderBy: { id: 'asc' } });
  const hash = createHash('sha256');
  for (const row of rows) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}
