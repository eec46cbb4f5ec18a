import type { Post } from '../domain/post/post.aggregate';

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
