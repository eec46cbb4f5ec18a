import { appendToOutbox } from '@agora/prisma-kit';
import { Post } from '../domain/post/post.aggregate';
import { PostErrors } from '../domain/post/post.errors';
import type { CommandMeta, PostRepository } from '../application/ports';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { fromStoredEvent, toStoredEvent } from './post-event-store.mapper';
import { toEnvelope } from './post-events.mapper';
import { writePostProjection } from './post.projection';

/**
 * Event-sourced repository. A post IS its stream in `post_event`: loading folds the stream,
 * saving appends the new events. In the same transaction the read table `post` gets the projected
 * state and `outbox` gets the same envelopes (same ids) for the relay: the stream is the record,
 * the outbox only its publication queue (the relay stays the one every context shares).
 */
export class PrismaPostRepository implements PostRepository {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after each successful commit (the outbox relay's `wake`). */
    private readonly afterCommit: () => void = () => {},
  ) {}

  async findById(id: string): Promise<Post | null> {
    const rows = await this.prisma.postEvent.findMany({ where: { postId: id }, orderBy: { version: 'asc' } });
    const post = Post.fromHistory(rows.map(fromStoredEvent));
    return post && post.snapshot.deletedAt === null ? post : null;
  }

  async save(post: Post, meta: CommandMeta): Promise<void> {
    if (post.events.length === 0) return;
    // Envelopes are built (and their payloads validated) before the transaction opens.
    const envelopes = post.events.map((event) => toEnvelope(event, meta));
    const stored = post.events.map((event, i) => toStoredEvent(envelopes[i]!, event));
    try {
      await this.prisma.$transaction(async (tx) => {
        // Optimistic concurrency: appending version n+1 fails on the (post_id, version) key when
        // another command appended it first.
        await tx.postEvent.createMany({
          data: stored.map((row) => ({ ...row, payload: row.payload as Prisma.InputJsonValue })),
        });
        if (!(await writePostProjection(tx, post.snapshot, post.persistedVersion))) throw PostErrors.concurrentChange();
        await appendToOutbox(tx, envelopes);
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw post.persistedVersion === 0 ? PostErrors.alreadyExists() : PostErrors.concurrentChange();
      }
      throw error;
    }
    this.afterCommit();
  }
}
