import type { Visibility } from './visibility';

/**
 * What happened to a post, as the domain sees it. These are internal facts; the infrastructure
 * maps each one to its published contract in @agora/events (`posts.post.*.v1`), so the public
 * event language can evolve (new versions) without reshaping the aggregate.
 */
export type PostEvent = PostPublished | PostEdited | PostVisibilityChanged | PostCommentsToggled | PostDeleted;

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
