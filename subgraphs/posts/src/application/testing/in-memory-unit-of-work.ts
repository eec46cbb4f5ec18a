import { isDeepStrictEqual } from 'node:util';
import { SocialReplica } from '@agora/audience/domain';
import type { EventMetadata } from '@agora/kernel';
import { Post, type PostSnapshot } from '../../domain/post/post.aggregate';
import { PostErrors } from '../../domain/post/post.errors';
import type { PostEvent } from '../../domain/post/post.events';
import { historyOf } from '../../domain/post/post.mother';
import { foldPostEvents } from '../../domain/post/post-projection';
import type { SocialFacts } from '../../domain/post/visibility';
import type {
  DeletedMediaFact,
  MediaFacts,
  ReadyMediaFact,
  RecordedPostEvent,
  SocialFactsReader,
  TransactionScope,
  UnitOfWork,
} from '../ports';

/** An outbox row: the event with the metadata it was queued with. */
export interface OutboxEntry {
  event: PostEvent;
  meta: EventMetadata;
}

/** The social replica in memory (the audience kernel's own SocialReplica); counts how often a command asked. */
export class InMemorySocialFacts implements SocialFactsReader {
  readonly replica = new SocialReplica();
  asked = 0;

  async between(): Promise<SocialFacts> {
    this.asked += 1;
    return this.replica;
  }
}

/** The replica of media's facts in memory, with the same tombstone rule as `media_item_fact`. */
export class InMemoryMediaFacts implements MediaFacts {
  readonly items = new Map<string, { ownerId: string; ready: boolean; deleted: boolean }>();
  asked = 0;

  async attachableBy(ownerId: string, mediaIds: readonly string[]): Promise<Set<string>> {
    this.asked += 1;
    return new Set(
      mediaIds.filter((id) => {
        const item = this.items.get(id);
        return item !== undefined && item.ownerId === ownerId && item.ready && !item.deleted;
      }),
    );
  }

  async recordReady({ mediaId, ownerId }: ReadyMediaFact): Promise<void> {
    const item = this.items.get(mediaId);
    if (item?.deleted) return;
    this.items.set(mediaId, { ownerId, ready: true, deleted: false });
  }

  async recordDeleted({ mediaId, ownerId }: DeletedMediaFact): Promise<void> {
    this.items.set(mediaId, {
      ownerId: this.items.get(mediaId)?.ownerId ?? ownerId,
      ready: this.items.get(mediaId)?.ready ?? false,
      deleted: true,
    });
  }
}

/**
 * The posts' unit of work in memory, event-sourced like the real one: it keeps each post's stream
 * (events with their ids), loads a post by folding its stream with the domain's projection (the
 * read table is that same fold), and appends only when the stream is still at the version the
 * command loaded — checked on append and again at commit, like the (post_id, version) key, so
 * two commands racing from one version cannot both win. A transaction's appends and outbox rows
 * become visible together when it succeeds, or not at all.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  /** `post_event`: each post's stream, oldest first. */
  streams = new Map<string, RecordedPostEvent[]>();
  readonly outbox: OutboxEntry[] = [];
  readonly social = new InMemorySocialFacts();
  readonly media = new InMemoryMediaFacts();
  /** `inbox`: (consumer, event id) pairs a consumer has handled. */
  readonly inbox = new Set<string>();
  private eventIds = 0;

  // ── arrangement and inspection helpers for tests ──────────────────────────────────────────────
  /** Stores a post as the stream that projects to it (see `historyOf`). */
  seed(snapshot: PostSnapshot): void {
    const events = historyOf(snapshot);
    const projected = foldPostEvents(events);
    if (!isDeepStrictEqual(projected, snapshot)) {
      throw new Error(`post ${snapshot.id}: no stream projects to this snapshot (an edited or deleted post needs a higher version)`);
    }
    this.streams.set(
      snapshot.id,
      events.map((event) => ({ eventId: this.nextEventId(), event })),
    );
  }

  /** The read table's row: the projection of the post's stream (deleted posts included). */
  post(id: string): PostSnapshot | undefined {
    const stream = this.streams.get(id);
    return stream ? (foldPostEvents(stream.map((recorded) => recorded.event)) ?? undefined) : undefined;
  }

  /** What a command would load: the replayed post, or null when missing or deleted. */
  async load(id: string): Promise<Post | null> {
    return this.run((scope) => scope.posts.load(id));
  }

  /** The inbox-backed run of a consumer (context-runtime's InboxRunner): once per (consumer, event), its effects and the inbox row together. */
  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const key = `${consumer}|${eventId}`;
    if (this.inbox.has(key)) return false;
    await this.run(work);
    this.inbox.add(key);
    return true;
  }

  // ── UnitOfWork ─────────────────────────────────────────────────────────────────────────────────
  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    /** Per post: the version the transaction appended at, and what it appended. */
    const appended = new Map<string, { from: number; events: RecordedPostEvent[] }>();
    const queued: OutboxEntry[] = [];
    const streamOf = (id: string) => [...(this.streams.get(id) ?? []), ...(appended.get(id)?.events ?? [])];

    const result = await work({
      posts: {
        load: async (id) => {
          const post = Post.fromHistory(streamOf(id).map((recorded) => recorded.event));
          return post && post.snapshot.deletedAt === null ? post : null;
        },
        append: async (post, events) => {
          const stream = streamOf(post.id);
          if (post.persistedVersion === 0 && stream.length > 0) throw PostErrors.alreadyExists();
          if (stream.length !== post.persistedVersion) throw PostErrors.concurrentChange();
          // The same projection the store's replay uses: a gap or a repeat fails here, as on replay.
          foldPostEvents([...stream, ...events].map((recorded) => recorded.event));
          const pending = appended.get(post.id);
          appended.set(post.id, { from: pending?.from ?? post.persistedVersion, events: [...(pending?.events ?? []), ...events] });
        },
      },
      social: this.social,
      media: this.media,
      outbox: {
        append: async (events, meta) => void queued.push(...events.map(({ event }) => ({ event, meta }))),
      },
    });

    // Commit: every stream must still be where the transaction found it (another one may have appended meanwhile).
    for (const [id, { from }] of appended) {
      if ((this.streams.get(id)?.length ?? 0) !== from) throw PostErrors.concurrentChange();
    }
    for (const [id, { events }] of appended) this.streams.set(id, [...(this.streams.get(id) ?? []), ...events]);
    this.outbox.push(...queued);
    return result;
  }

  private nextEventId(): string {
    this.eventIds += 1;
    return `01900000-0000-7000-a000-${this.eventIds.toString(16).padStart(12, '0')}`;
  }
}
