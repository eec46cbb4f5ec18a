import type { Visibility } from './visibility';

/**
 * What happened to a post, as the domain sees it. These are internal facts; the infrastructure
 * maps each one to its published contract in @agora/events (`posts.post.*.v1`), so the public
 * event language can evolve (new versions) without reshaping the aggregate.
 */
export type PostEvent =
  | PostPublished
  | PostEdited
  | PostVisibilityChanged
  | PostCommentsToggled
  | PostDeleted
  | PostRemovedByModeration
  | PostRestoredByModeration;

/**
 * The events posts records in a post's stream from a moderation decision (moderation's
 * `moderation.content.removed.v1` / `restored.v1`). Internal: they are never published (moderation's
 * own event is the public fact), but living in the stream, a rebuild keeps them.
 */
export type ModerationEvent = PostRemovedByModeration | PostRestoredByModeration;

interface PostEventBase {
  postId: string;
  authorId: string;
  /** The aggregate version this event produced (publish = 1, then +1 per change). */
  version: number;
  at: Date;
}

export interface PostPublished extends PostEventBase {
  type: 'PostPublished';
  body: string;
  visibility: Visibility;
  circleIds: string[];
  commentsDisabled: boolean;
  /** Media items attached at publish (the author's own READY items), in the author's order; never changed after. */
  attachmentIds: string[];
}

/**
 * Who may read a post and whether it takes comments: the whole access state after a change, so
 * the access events carry it entirely (consumers apply "last writer wins per post").
 */
export interface PostAccess {
  visibility: Visibility;
  circleIds: string[];
  commentsDisabled: boolean;
}

/** The audience (visibility and circles) changed; carries the whole access state after it. */
export interface PostVisibilityChanged extends PostEventBase, PostAccess {
  type: 'PostVisibilityChanged';
}

/** Comments were turned off or on again; carries the whole access state after it. */
export interface PostCommentsToggled extends PostEventBase, PostAccess {
  type: 'PostCommentsToggled';
}

export interface PostEdited extends PostEventBase {
  type: 'PostEdited';
  body: string;
}

export interface PostDeleted extends PostEventBase {
  type: 'PostDeleted';
}

/**
 * A moderator removed the post (`at` = the decision's `removedAt`): from now on only its author
 * (who sees it marked removed) and moderators see it. Also recorded for a decision newer than the
 * last one when the post is removed already, so the newest decision wins whatever order they arrive in.
 */
export interface PostRemovedByModeration extends PostEventBase {
  type: 'PostRemovedByModeration';
  moderatorId: string;
  /** The moderator's note; null when none was given. */
  reason: string | null;
}

/** A moderator reversed the removal (`at` = the decision's `restoredAt`): the post is visible as before. */
export interface PostRestoredByModeration extends PostEventBase {
  type: 'PostRestoredByModeration';
  moderatorId: string;
}
