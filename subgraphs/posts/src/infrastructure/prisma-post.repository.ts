import { appendToOutbox } from '@agora/prisma-kit';
import { Post } from '../domain/post/post.aggregate';
import { PostErrors } from '../domain/post/post.errors';
import type { CommandMeta, PostRepository } from '../application/ports';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { toSnapshot } from './post.mapper';
import { toEnvelope } from './post-events.mapper';

export class PrismaPostRepository implements PostRepository {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after each successful commit (the outbox relay's `wake`). */
    private readonly afterCommit: () => void = () => {},
  ) {}

  async findById(id: string): Promise<Post | null> {
    const row = await this.prisma.post.findFirst({ where: { id, deletedAt: null } });
    return row ? Post.rehydrate(toSnapshot(row)) : null;
  }

  async save(post: Post, meta: CommandMeta): Promise<void> {
    const state = post.snapshot;
    // Envelopes are built (and their payloads validated) before the transaction opens.
    const envelopes = post.events.map((event) => toEnvelope(event, meta));
    try {
      await this.prisma.$transaction(async (tx) => {
        if (post.persistedVersion === 0) {
          await tx.post.create({ data: { ...state, circleIds: [...state.circleIds] } });
        } else {
          // Optimistic concurrency: only the version we read may be replaced. Zero rows means
          // another request changed (or deleted) the post in between.
          const { count } = await tx.post.updateMany({
            where: { id: state.id, version: post.persistedVersion },
            data: { body: state.body, version: state.version, editedAt: state.editedAt, deletedAt: state.deletedAt },
          });
          if (count !== 1) throw PostErrors.concurrentChange();
        }
        await appendToOutbox(tx, envelopes);
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw PostErrors.alreadyExists();
      throw error;
    }
    this.afterCommit();
  }
}
