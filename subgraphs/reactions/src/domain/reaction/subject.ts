/** What can be reacted to. */
export type SubjectType = 'POST' | 'COMMENT';

/**
 * A post or comment as reactions knows it from posts' and comments' events: enough to attach a
 * reaction to it and to tell other contexts whose subject it is.
 */
export interface ReactionSubject {
  id: string;
  type: SubjectType;
  /** The post itself, or the post the comment belongs to. */
  postId: string;
  /** Who wrote the post or comment. */
  authorId: string;
}
