import { parsePostBody } from './post-body';
import { PostErrors } from './post.errors';
import type { PostEvent } from './post.events';
import { canView, parseAudience, type Visibility } from './visibility';

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
    const post = new Post(
      {
        id: input.id,
        authorId: input.authorId,
        body,
        ...audience,
        version: 1,
        createdAt: input.at,
        editedAt: null,
        deletedAt: null,
      },
      0,
    );
    post.pending.push({
      type: 'PostPublished',
      postId: input.id,
      authorId: input.authorId,
      version: 1,
      at: input.at,
      body,
      visibility: audience.visibility,
      circleIds: [...audience.circleIds],
    });
    return post;
  }

  /** Rebuilds a stored post; records nothing. */
  static rehydrate(snapshot: PostSnapshot): Post {
    return new Post({ ...snapshot, circleIds: [...snapshot.circleIds] }, snapshot.version);
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
    const version = this.state.version + 1;
    this.state = { ...this.state, body, version, editedAt: at };
    this.pending.push({ type: 'PostEdited', postId: this.state.id, authorId: this.state.authorId, version, at, body });
  }

  delete(actorId: string, at: Date): void {
    this.assertChangeableBy(actorId);
    const version = this.state.version + 1;
    this.state = { ...this.state, version, deletedAt: at };
    this.pending.push({ type: 'PostDeleted', postId: this.state.id, authorId: this.state.authorId, version, at });
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

  /**
   * A deleted post, or one the actor may not even see, is "not found" (its existence is not
   * disclosed); a visible post of someone else is FORBIDDEN.
   */
  private assertChangeableBy(actorId: string): void {
    if (this.state.deletedAt !== null || !canView(this.state, { userId: actorId })) throw PostErrors.notFound();
    if (this.state.authorId !== actorId) throw PostErrors.notAuthor();
  }
}
