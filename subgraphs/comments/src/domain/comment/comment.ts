import { CommentError } from './comment.errors';

/** A stored comment. `parentId` is null for a top-level comment. */
export interface CommentState {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  createdAt: Date;
}

/**
 * What comments knows of a post for the one who wants to comment, from its replica of posts' and
 * social's facts. Null when the post is unknown: never published (or not yet arrived), or deleted.
 */
export interface CommentablePost {
  postId: string;
  authorId: string;
  commentsDisabled: boolean;
  /** The visibility rule (@agora/audience) for this commenter, block with the author included. */
  visibleToCommenter: boolean;
}

/** The comment replied to, and whether its author and the commenter are in a block. */
export interface ReplyTarget {
  comment: CommentState;
  blockedWithCommenter: boolean;
}

export interface CommentAdded {
  type: 'CommentAdded';
  comment: CommentState;
  postAuthorId: string;
  parentAuthorId: string | null;
}

export interface CommentDeleted {
  type: 'CommentDeleted';
  comment: CommentState;
  /** The comment and, for a top-level comment, its replies. */
  removedCommentIds: string[];
  deletedBy: string;
  deletedAt: Date;
}

export type CommentEvent = CommentAdded | CommentDeleted;

/**
 * The rules of writing a comment, in the order the API reports them: the post must exist and be
 * visible to the commenter (else NOT_FOUND, so nothing leaks), take comments (FORBIDDEN); a reply
 * needs an existing parent (NOT_FOUND) on the same post and top-level (BAD_USER_INPUT, one level
 * of replies), whose author is not in a block with the commenter (FORBIDDEN).
 * `body` is already validated (`commentBody`).
 */
export function addComment(command: {
  id: string;
  authorId: string;
  body: string;
  at: Date;
  post: CommentablePost | null;
  parentId: string | null;
  parent: ReplyTarget | null;
}): CommentAdded {
  const { post, parent } = command;
  if (!post || !post.visibleToCommenter) throw CommentError.postNotFound();
  if (post.commentsDisabled) throw CommentError.commentsDisabled();
  if (command.parentId !== null) {
    if (!parent || parent.comment.id !== command.parentId) throw CommentError.parentNotFound();
    if (parent.comment.postId !== post.postId) throw CommentError.parentOnOtherPost();
    if (parent.comment.parentId !== null) throw CommentError.replyToReply();
    if (parent.blockedWithCommenter) throw CommentError.blocked();
  }
  return {
    type: 'CommentAdded',
    comment: {
      id: command.id,
      postId: post.postId,
      authorId: command.authorId,
      parentId: command.parentId,
      body: command.body,
      createdAt: command.at,
    },
    postAuthorId: post.authorId,
    parentAuthorId: parent?.comment.authorId ?? null,
  };
}

/**
 * Deleting a comment: its author or the post's author may; anyone else is FORBIDDEN. A top-level
 * comment takes its replies with it (`replyIds`, empty for a reply).
 */
export function deleteComment(command: {
  comment: CommentState;
  replyIds: readonly string[];
  postAuthorId: string | null;
  actorId: string;
  at: Date;
}): CommentDeleted {
  const { comment, actorId } = command;
  if (actorId !== comment.authorId && actorId !== command.postAuthorId) throw CommentError.notAllowedToDelete();
  return {
    type: 'CommentDeleted',
    comment,
    removedCommentIds: [comment.id, ...(comment.parentId === null ? command.replyIds : [])],
    deletedBy: actorId,
    deletedAt: command.at,
  };
}
