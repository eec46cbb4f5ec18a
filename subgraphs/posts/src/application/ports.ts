import type { Post } from '../domain/post/post.aggregate';

/** Who asked for a command and which request chain it belongs to (copied into the event envelopes). */
export interface CommandMeta {
  actorId: string;
  correlationId: string;
}

export interface PostRepository {
  /** The post, or null when it does not exist or was deleted. */
  findById(id: string): Promise<Post | null>;
  /**
   * Persists the post's new state and its recorded events (outbox) in ONE transaction. Fails with
   * CONFLICT `POSTS.STALE_VERSION` when the stored version is no longer `post.persistedVersion`.
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
