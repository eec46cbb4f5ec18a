import type { Visibility } from './visibility';

/**
 * What happened to a post, as the domain sees it. These are internal facts; the infrastructure
 * maps each one to its published contract in @agora/events (`posts.post.*.v1`), so the public
 * event language can evolve (new versions) without reshaping the aggregate.
 */
export type PostEvent = PostPublished | PostEdited | PostDeleted;

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
}

export interface PostEdited extends PostEventBase {
  type: 'PostEdited';
  body: string;
}

export interface PostDeleted extends PostEventBase {
  type: 'PostDeleted';
}
