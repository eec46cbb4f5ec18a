import { parsePostBody } from './post-body';
import { PostErrors } from './post.errors';
import type { PostEvent } from './post.events';
import { applyPostEvent, foldPostEvents } from './post-projection';
import { NO_SOCIAL_FACTS, canView, parseAudience, type Visibility } from './visibility';

/** The full state of a post, as persisted and as read by the GraphQL layer. */
export interface PostSnapshot {
  id: string;
  authorId: string;
  body: string;
  visibility: Visibility;
  /** Target circles when visibility is CIRCLE, otherwise empty. */
  circleIds: string[];
  /** 1 when published; every change (edit, delete) adds one. */
  version: number;
  createdAt: Date;
  editedAt: Date | null;
  /** Soft delete: the row stays for the event history, every read skips it. */
  deletedAt: Date | null;
}

export interface PublishPost {
  id: string;
  authorId: string;
  body: string;
  visibility: Visibility;
  circleIds?: readonly string[] | null;
  at: Date;
}

/**
 * A post. Changed only through `publish`, `edit` and `delete`, each of which checks its rules and
 * records the event it causes; the repository persists the new state and those events together.
 */
export class Post {
  private state: PostSnapshot;
  private pending: PostEvent[] = [];

  private constructor(
    state: PostSnapshot,
    /** Version read from storage (0 for a new post): the optimistic-concurrency check on save. */
    readonly persistedVersion: number,
  ) {
    this.state = state;
  }

  static publish(input: PublishPost): Post {
    const body = parsePostBody(input.body);
    const audience = parseAudience(input.visibility, input.circleIds);
    const event: PostEvent = {
      type: 'PostPublished',
      postId: input.id,
      authorId: input.authorId,
      version: 1,
      at: input.at,
      body,
      visibility: audience.visibility,
      circleIds: [...audience.circleIds],
    };
    const post = new Post(applyPostEvent(null, event), 0);
    post.pending.push(event);
    return post;
  }

  /** Rebuilds a stored post; records nothing. */
  static rehydrate(snapshot: PostSnapshot): Post {
    return new Post({ ...snapshot, circleIds: [...snapshot.circleIds] }, snapshot.version);
  }

  /** Rebuilds a post from its event stream (oldest first); null for an empty stream. */
  static fromHistory(events: readonly PostEvent[]): Post | null {
    const state = foldPostEvents(events);
    return state ? Post.rehydrate(state) : null;
  }

  /**
   * Replaces the body. `expectedVersion` (optional) is the version the editor saw: when the post
   * has moved on since, the edit is refused rather than silently overwriting someone's change.
   */
  edit(editorId: string, newBody: string, at: Date, expectedVersion?: number | null): void {
    this.assertChangeableBy(editorId);
    if (expectedVersion != null && expectedVersion !== this.state.version) {
      throw PostErrors.staleVersion(expectedVersion, this.state.version);
    }
    const body = parsePostBody(newBody);
    this.record({ type: 'PostEdited', postId: this.state.id, authorId: this.state.authorId, version: this.state.version + 1, at, body });
  }

  delete(actorId: string, at: Date): void {
    this.assertChangeableBy(actorId);
    this.record({ type: 'PostDeleted', postId: this.state.id, authorId: this.state.authorId, version: this.state.version + 1, at });
  }

  get id(): string {
    return this.state.id;
  }

  get snapshot(): Readonly<PostSnapshot> {
    return this.state;
  }

  /** Events recorded since load, oldest first (not cleared: the aggregate lives for one command). */
  get events(): readonly PostEvent[] {
    return this.pending;
  }

  /** State changes only by applying an event (the same projection the read table and rebuild use). */
  private record(event: PostEvent): void {
    this.state = applyPostEvent(this.state, event);
    this.pending.push(event);
  }

  /**
   * A deleted post, or one the actor may not even see, is "not found" (its existence is not
   * disclosed); a visible post of someone else is FORBIDDEN. Commands do not consult the social
   * replica: only the author may change a post anyway, so a non-author's FOLLOWERS/CIRCLE post
   * answers NOT_FOUND whether or not they follow (a refusal either way, never a leak).
   */
  private assertChangeableBy(actorId: string): void {
    if (this.state.deletedAt !== null || !canView(this.state, { userId: actorId }, NO_SOCIAL_FACTS)) throw PostErrors.notFound();
    if (this.state.authorId !== actorId) throw PostErrors.notAuthor();
  }
}
