import type { PostEventStore, RecordedPostEvent } from '../application/ports';
import { Post } from '../domain/post/post.aggregate';
import { PostErrors } from '../domain/post/post.errors';
import { Prisma } from './prisma/__generated__/client';
import { fromStoredEvent, toStoredEvent } from './post-event-store.mapper';
import { writePostProjection } from './post.projection';

/**
 * The event store over one transaction. A post IS its stream in `post_event`: loading folds the
 * stream, appending inserts the new events; in the same transaction the read table `post` gets
 * the projected state (and the command's outbox rows follow, through the unit of work).
 */
export class PrismaPostEventStore implements PostEventStore {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async load(postId: string): Promise<Post | null> {
    const rows = await this.tx.postEvent.findMany({ where: { postId }, orderBy: { version: 'asc' } });
    const post = Post.fromHistory(rows.map(fromStoredEvent));
    return post && post.snapshot.deletedAt === null ? post : null;
  }

  async append(post: Post, events: readonly RecordedPostEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      // Optimistic concurrency: appending version n+1 fails on the (post_id, version) key when
      // another command appended it first.
      await this.tx.postEvent.createMany({
        data: events.map((recorded) => {
          const row = toStoredEvent(recorded);
          return { ...row, payload: row.payload as Prisma.InputJsonValue };
        }),
      });
      // A second guard behind the key: the read row must still be at the version the command loaded.
      if (!(await writePostProjection(this.tx, post.snapshot, post.persistedVersion))) throw PostErrors.concurrentChange();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw post.persistedVersion === 0 ? PostErrors.alreadyExists() : PostErrors.concurrentChange();
      }
      throw error;
    }
  }
}
