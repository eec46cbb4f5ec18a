/**
 * Expected failures of the comments domain, with the API's error code and a stable
 * `COMMENTS.<REASON>`. The domain knows nothing of GraphQL: the graph layer turns a CommentError
 * into the service kit's DomainError (graphql/run-command.ts).
 */
export type CommentErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN';

export class CommentError extends Error {
  override readonly name = 'CommentError';

  constructor(
    readonly code: CommentErrorCode,
    /** `COMMENTS.<REASON>`. */
    readonly reason: string,
    message: string,
    /** The input field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }

  static invalidInput(field: string | undefined, message: string): CommentError {
    return new CommentError('BAD_USER_INPUT', 'COMMENTS.INVALID_INPUT', message, field);
  }
  static bodyEmpty(): CommentError {
    return new CommentError('BAD_USER_INPUT', 'COMMENTS.BODY_EMPTY', 'A comment cannot be empty', 'body');
  }
  static bodyTooLong(max: number): CommentError {
    return new CommentError('BAD_USER_INPUT', 'COMMENTS.BODY_TOO_LONG', `A comment has at most ${max} characters`, 'body');
  }
  /** Unknown, unpublished, deleted or not visible to the viewer: all look the same (no leak). */
  static postNotFound(): CommentError {
    return new CommentError('NOT_FOUND', 'COMMENTS.POST_NOT_FOUND', 'No such post', 'postId');
  }
  static commentsDisabled(): CommentError {
    return new CommentError('FORBIDDEN', 'COMMENTS.COMMENTS_DISABLED', 'Comments are turned off for this post', 'postId');
  }
  static parentNotFound(): CommentError {
    return new CommentError('NOT_FOUND', 'COMMENTS.PARENT_NOT_FOUND', 'No such comment to reply to', 'parentId');
  }
  static parentOnOtherPost(): CommentError {
    return new CommentError('BAD_USER_INPUT', 'COMMENTS.PARENT_ON_OTHER_POST', 'The comment replied to belongs to another post', 'parentId');
  }
  static replyToReply(): CommentError {
    return new CommentError('BAD_USER_INPUT', 'COMMENTS.REPLY_TO_REPLY', 'Replies cannot be replied to; reply to the top-level comment', 'parentId');
  }
  static blocked(): CommentError {
    return new CommentError('FORBIDDEN', 'COMMENTS.BLOCKED', 'You and the author of that comment are in a block', 'parentId');
  }
  static commentNotFound(): CommentError {
    return new CommentError('NOT_FOUND', 'COMMENTS.COMMENT_NOT_FOUND', 'No such comment', 'id');
  }
  static notAllowedToDelete(): CommentError {
    return new CommentError('FORBIDDEN', 'COMMENTS.NOT_ALLOWED', "Only the comment's author or the post's author can delete it", 'id');
  }
}
