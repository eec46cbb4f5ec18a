/** What can be reported and moderated: a post or a comment. */
export type SubjectType = 'POST' | 'COMMENT';

/** A reportable subject as moderation knows it from its replicas. */
export interface Subject {
  type: SubjectType;
  /** The post's or the comment's id. */
  id: string;
  /** The post itself, or the post the comment is under. */
  postId: string;
  authorId: string;
}
