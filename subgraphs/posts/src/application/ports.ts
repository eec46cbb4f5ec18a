import type { CommandRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Post } from '../domain/post/post.aggregate';
import type { PostEvent } from '../domain/post/post.events';
import type { SocialFacts } from '../domain/post/visibility';

/** A domain event as a command records it: with the id it is appended to its stream and published under. */
export interface RecordedPostEvent {
  eventId: string;
  event: PostEvent;
}

/**
 * The posts' event streams (`post_event`), the source of truth: a post IS its stream. The read
 * table `post` follows every append in the same transaction.
 */
export interface PostEventStore {
  /** The post, rebuilt by replaying its stream; null when it has none or was deleted. */
  load(postId: string): Promise<Post | null>;
  /**
   * Appends the events `post` recorded since it was loaded (`events`: `post.events` with their ids)
   * to its stream, expecting the stream at `post.persistedVersion`, and brings the read table to
   * `post.snapshot`. CONFLICT `POSTS.STALE_VERSION` when the stream has moved on (another command
   * appended first), `POSTS.ALREADY_EXISTS` when a new post's stream exists already.
   */
  append(post: Post, events: readonly RecordedPostEvent[]): Promise<void>;
}

/** Queues events for publication (the outbox), in the same transaction as their append. */
export interface PostEventOutbox {
  append(events: readonly RecordedPostEvent[], metadata: EventMetadata): Promise<void>;
}

/**
 * The context's replica of social's facts (never social itself), for a command that must tell a
 * reader who may see a post (FORBIDDEN) from one who may not (NOT_FOUND).
 */
export interface SocialFactsReader {
  /** What the replica knows between `readerId` and `authorId`: follow, block either way, the author's circles the reader is in. */
  between(readerId: string, authorId: string): Promise<SocialFacts>;
}

/** A media item media says is READY (from `media.item.ready.v1`). */
export interface ReadyMediaFact {
  mediaId: string;
  ownerId: string;
  kind: 'IMAGE' | 'VIDEO';
  readyAt: Date;
}

/** A media item media deleted (from `media.item.deleted.v1`): terminal, ids are never reused. */
export interface DeletedMediaFact {
  mediaId: string;
  ownerId: string;
  deletedAt: Date;
}

/**
 * The context's replica of media's facts (never media itself), kept from media's events, so
 * createPost can tell which attachments the author may use. Deletion is a tombstone: a `ready`
 * that arrives after the `deleted` of the same item changes nothing.
 */
export interface MediaFacts {
  /** The ids among `mediaIds` that are `ownerId`'s own items, READY and not deleted. */
  attachableBy(ownerId: string, mediaIds: readonly string[]): Promise<Set<string>>;
  /** Remembers a READY item (idempotent; ignored once the item is deleted). */
  recordReady(fact: ReadyMediaFact): Promise<void>;
  /** Remembers a deletion for good (idempotent; wins over any `ready`, earlier or later). */
  recordDeleted(fact: DeletedMediaFact): Promise<void>;
}

/** What one transaction offers a command or consumer: the event store, the replicas, the outbox — all over the same transaction. */
export interface TransactionScope {
  posts: PostEventStore;
  social: SocialFactsReader;
  media: MediaFacts;
  outbox: PostEventOutbox;
}

/** One transaction per command: the append, the read-table update and the outbox rows commit together or not at all. */
export type UnitOfWork = CommandRunner<TransactionScope>;
