import type { Post } from '../domain/post/post.aggregate';
import type { SocialFacts } from '../domain/post/visibility';

/** Who asked for a command and which request chain it belongs to (copied into the event envelopes). */
export interface CommandMeta {
  actorId: string;
  correlationId: string;
}

export interface PostRepository {
  /** The post (rebuilt from its event stream), or null when it does not exist or was deleted. */
  findById(id: string): Promise<Post | null>;
  /**
   * Appends the post's recorded events to its stream, updates the read model and queues the
   * events for publication, in ONE transaction. Fails with CONFLICT `POSTS.STALE_VERSION` when the
   * stream has moved past `post.persistedVersion` (another command appended first).
   */
  save(post: Post, meta: CommandMeta): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new, time-ordered (UUIDv7) id. */
  next(): string;
}

/**
 * The context's replica of social's facts (never social itself), for a command that must tell a
 * reader who may see a post (FORBIDDEN) from one who may not (NOT_FOUND).
 */
export interface SocialFactsReader {
  /** What the replica knows between `readerId` and `authorId`: follow, block either way, the author's circles the reader is in. */
  between(readerId: string, authorId: string): Promise<SocialFacts>;
}
