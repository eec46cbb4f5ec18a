import { checkAttachments, type AttachableMedia } from './attachments';
import { parsePostBody } from './post-body';
import { PostErrors } from './post.errors';
import type { PostAccess, PostEvent } from './post.events';
import { applyPostEvent, foldPostEvents } from './post-projection';
import { NO_SOCIAL_FACTS, canView, parseAudience, type SocialFacts, type Visibility } from './visibility';

/** The full state of a post, as persisted and as read by the GraphQL layer. */
export interface PostSnapshot {
  id: string;
  authorId: string;
  body: string;
  visibility: Visibility;
  /** Target circles when visibility is CIRCLE, otherwise empty. */
  circleIds: string[];
  /** Whether comments are turned off (set at publish, toggled by the author). */
  commentsDisabled: boolean;
  /** Media items attached at publish, in the author's order (media serves them as `Post.attachments`). */
  attachmentIds: string[];
  /**
   * 1 when published; every change (edit, visibility change, comments toggle, delete) adds one:
   * the version of the post's event stream.
   */
  version: number;
  createdAt: Date;
  editedAt: Date | null;
  /** Soft delete: the row stays for the event history, every read skips it. */
  deletedAt: Date | null;
  /**
   * Removed by a moderator (the first removal's time), null otherwise or once restored: only the
   * author and moderators see the post then.
   */
  removedAt: Date | null;
  /** The time of the newest moderation decision applied (removal or restoration); an older one arriving late is ignored. */
  moderatedAt: Date | null;
}

/** A moderation decision about a post, as moderation's event states it. */
export interface ModerationDecision {
  moderatorId: string;
  /** The moderator's note (removals only). */
  reason?: string | null;
  /** When moderation decided (`removedAt` / `restoredAt`). */
  at: Date;
}

export interface PublishPost {
  id: string;
  authorId: string;
  body: string;
  visibility: Visibility;
  circleIds?: readonly string[] | null;
  /** Comments off from the start (default false). */
  commentsDisabled?: boolean | null;
  /** Ids of the author's media items to attach, in order (at most 10, no repeats). */
  attachmentIds?: readonly string[] | null;
  /** Which of those the replica of media's facts says the author may attach (their own READY items). */
  attachable?: AttachableMedia;
  at: Date;
}

/** A new audience for a post, as the author asks for it (validated like at publish). */
export interface NewAudience {
  visibility: Visibility;
  circleIds?: readonly string[] | null;
}

/**
 * A post. Changed only through `publish`, `edit`, `changeVisibility`, `setCommentsDisabled`,
 * `delete` and the moderation decisions `removeByModeration` / `restoreByModeration`, each of which checks its rules and records the event it causes; the repository
 * persists the new state and those events together.
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
    const attachmentIds = checkAttachments(input.attachmentIds, input.attachable ?? new Set());
    const event: PostEvent = {
      type: 'PostPublished',
      postId: input.id,
      authorId: input.authorId,
      version: 1,
      at: input.at,
      body,
      visibility: audience.visibility,
      circleIds: [...audience.circleIds],
      commentsDisabled: input.commentsDisabled ?? false,
      attachmentIds,
    };
    const post = new Post(applyPostEvent(null, event), 0);
    post.pending.push(event);
    return post;
  }

  /** Rebuilds a stored post; records nothing. */
  static rehydrate(snapshot: PostSnapshot): Post {
    return new Post({ ...snapshot, circleIds: [...snapshot.circleIds], attachmentIds: [...snapshot.attachmentIds] }, snapshot.version);
  }

  /** Rebuilds a post from its event stream (oldest first); null for an empty stream. */
  static fromHistory(events: readonly PostEvent[]): Post | null {
    const state = foldPostEvents(events);
    return state ? Post.rehydrate(state) : null;
  }

  /**
   * Replaces the body. `expectedVersion` (optional) is the version the editor saw: when the post
   * has moved on since, the edit is refused rather than silently overwriting someone's change.
   * Author only; `facts` as in `changeVisibility`.
   */
  edit(editorId: string, newBody: string, at: Date, expectedVersion?: number | null, facts: SocialFacts = NO_SOCIAL_FACTS): void {
    this.assertChangeableBy(editorId, facts);
    this.assertVersion(expectedVersion);
    const body = parsePostBody(newBody);
    this.record({ type: 'PostEdited', ...this.base(at), body });
  }

  /**
   * Replaces who may read the post (validated like at publish). Asking for the audience the post
   * already has records nothing: no event, no new version. `facts` is what the context knows of
   * the actor's relationship with the author, so a non-author learns nothing they may not see:
   * NOT_FOUND when the post is hidden from them, FORBIDDEN when it is not.
   */
  changeVisibility(
    actorId: string,
    requested: NewAudience,
    at: Date,
    expectedVersion?: number | null,
    facts: SocialFacts = NO_SOCIAL_FACTS,
  ): void {
    this.assertChangeableBy(actorId, facts);
    this.assertVersion(expectedVersion);
    const audience = parseAudience(requested.visibility, requested.circleIds);
    if (audience.visibility === this.state.visibility && sameIds(audience.circleIds, this.state.circleIds)) return;
    this.record({ type: 'PostVisibilityChanged', ...this.base(at), ...this.access(), ...audience });
  }

  /** Turns comments off (`disabled`) or on again; the same setting again records nothing. Same rules as `changeVisibility`. */
  setCommentsDisabled(
    actorId: string,
    disabled: boolean,
    at: Date,
    expectedVersion?: number | null,
    facts: SocialFacts = NO_SOCIAL_FACTS,
  ): void {
    this.assertChangeableBy(actorId, facts);
    this.assertVersion(expectedVersion);
    if (disabled === this.state.commentsDisabled) return;
    this.record({ type: 'PostCommentsToggled', ...this.base(at), ...this.access(), commentsDisabled: disabled });
  }

  /** Author only; `facts` as in `changeVisibility`. A post removed by a moderator may still be deleted by its author. */
  delete(actorId: string, at: Date, facts: SocialFacts = NO_SOCIAL_FACTS): void {
    this.assertChangeableBy(actorId, facts, { removedAllowed: true });
    this.record({ type: 'PostDeleted', ...this.base(at) });
  }

  /**
   * A moderator removed the post. The newest decision wins: one decided before the last decision
   * applied (arriving late) records nothing; any newer one is recorded, even when the post is
   * removed already, so a late older restoration cannot undo it. Returns whether it recorded.
   */
  removeByModeration(decision: ModerationDecision): boolean {
    if (this.isOlderThanLastDecision(decision.at)) return false;
    this.record({
      type: 'PostRemovedByModeration',
      ...this.base(decision.at),
      moderatorId: decision.moderatorId,
      reason: decision.reason ?? null,
    });
    return true;
  }

  /**
   * A moderator reversed the removal; the same newest-decision-wins rule as `removeByModeration`,
   * and at the same instant as the removal in force, the removal wins (as feed and media decide).
   */
  restoreByModeration(decision: ModerationDecision): boolean {
    if (this.isOlderThanLastDecision(decision.at)) return false;
    if (this.state.removedAt !== null && decision.at.getTime() === this.state.moderatedAt?.getTime()) return false;
    this.record({ type: 'PostRestoredByModeration', ...this.base(decision.at), moderatorId: decision.moderatorId });
    return true;
  }

  private isOlderThanLastDecision(at: Date): boolean {
    return this.state.moderatedAt !== null && at.getTime() < this.state.moderatedAt.getTime();
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

  /** The fields every event of this post carries, for the next version. */
  private base(at: Date) {
    return { postId: this.state.id, authorId: this.state.authorId, version: this.state.version + 1, at };
  }

  /** The current access state (the access events carry it whole). */
  private access(): PostAccess {
    return { visibility: this.state.visibility, circleIds: [...this.state.circleIds], commentsDisabled: this.state.commentsDisabled };
  }

  /**
   * `expectedVersion` (optional) is the version the actor saw: when the post has moved on since,
   * the change is refused rather than silently overwriting someone else's.
   */
  private assertVersion(expectedVersion: number | null | undefined): void {
    if (expectedVersion != null && expectedVersion !== this.state.version) {
      throw PostErrors.staleVersion(expectedVersion, this.state.version);
    }
  }

  /**
   * A deleted post, or one the actor may not even see (a post removed by a moderator included), is "not found" (its existence is not
   * disclosed); a visible post of someone else is FORBIDDEN. `facts` (the social replica's view
   * of actor and author) decides what "visible" means, so a follower who can read the post hears
   * FORBIDDEN and someone in a block with the author hears NOT_FOUND, even for a PUBLIC post.
   */
  private assertChangeableBy(actorId: string, facts: SocialFacts = NO_SOCIAL_FACTS, options: { removedAllowed?: boolean } = {}): void {
    const isAuthor = this.state.authorId === actorId;
    if (this.state.deletedAt !== null || !canView(this.state, { userId: actorId }, facts)) throw PostErrors.notFound();
    // Removed by a moderator: hidden from everyone but its author (and moderators, who are not authors).
    if (this.state.removedAt !== null && !isAuthor) throw PostErrors.notFound();
    if (!isAuthor) throw PostErrors.notAuthor();
    if (this.state.removedAt !== null && !options.removedAllowed) throw PostErrors.removed();
  }
}

/** Same set of ids (order and repeats do not matter; ids are stored lower-case). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}
