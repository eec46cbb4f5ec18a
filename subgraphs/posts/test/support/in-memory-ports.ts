import { Post, type PostSnapshot } from '../../src/domain/post/post.aggregate';
import { PostErrors } from '../../src/domain/post/post.errors';
import type { PostEvent } from '../../src/domain/post/post.events';
import type { Clock, CommandMeta, IdGenerator, PostRepository, SocialFactsReader } from '../../src/application/ports';
import type { SocialFacts } from '../../src/domain/post/visibility';
import { SocialReplica } from '@agora/audience';

/**
 * PostRepository in memory with the same contract as the Prisma one: deleted posts are not found,
 * saves check the stored version, and state + events are stored together or not at all.
 */
export class InMemoryPostRepository implements PostRepository {
  readonly rows = new Map<string, PostSnapshot>();
  /** The "outbox": every saved event with the meta it was saved with. */
  readonly outbox: { event: PostEvent; meta: CommandMeta }[] = [];

  async findById(id: string): Promise<Post | null> {
    const row = this.rows.get(id);
    return row && row.deletedAt === null ? Post.rehydrate(row) : null;
  }

  async save(post: Post, meta: CommandMeta): Promise<void> {
    const stored = this.rows.get(post.id);
    if (post.persistedVersion === 0 && stored) throw PostErrors.alreadyExists();
    if (post.persistedVersion !== 0 && stored?.version !== post.persistedVersion) throw PostErrors.concurrentChange();
    this.rows.set(post.id, structuredClone(post.snapshot));
    for (const event of post.events) this.outbox.push({ event, meta });
  }

  /** Seeds a stored post directly (test arrangement). */
  put(snapshot: PostSnapshot): void {
    this.rows.set(snapshot.id, structuredClone(snapshot));
  }
}

export class FixedClock implements Clock {
  constructor(public current = new Date('2026-01-02T03:04:05.678Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Deterministic, valid UUIDv7-shaped ids: 0190…0001, 0190…0002, … */
export class SequentialIds implements IdGenerator {
  private n = 0;
  next(): string {
    this.n += 1;
    return `01900000-0000-7000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
}

/** The social replica in memory (the kernel's own SocialReplica); counts how often a command asked. */
export class InMemorySocialFacts implements SocialFactsReader {
  readonly replica = new SocialReplica();
  asked = 0;
  async between(): Promise<SocialFacts> {
    this.asked += 1;
    return this.replica;
  }
}
