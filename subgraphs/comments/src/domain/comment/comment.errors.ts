import { DomainError } from '@agora/kernel';

/**
 * Expected failures of the comments domain, with the API's error code and a stable
 * `COMMENTS.<REASON>`. A kernel DomainError: the domain knows nothing of GraphQL, and the subgraph
 * server passes it to the client as it is (code, reason, field). Invalid input
 * (`COMMENTS.INVALID_INPUT`) is the command pipeline's, from the input schemas.
 */
export type CommentErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN';

export class CommentError extends DomainError {
  override name = 'CommentError';

  constructor(
    code: CommentErrorCode,
    /** `COMMENTS.<REASON>`. */ reason: string,
    message: string,
    /** The input field at fault, when one is. */ field?: string,
  ) {
    super(code, reason, message, field);
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
    return new CommentError(
      'BAD_USER_INPUT',
      'COMMENTS.PARENT_ON_OTHER_POST',
      'The comment replied to belongs to another post',
      'parentId',
    );
  }
  static replyToReply(): CommentError {
    return new CommentError(
      'BAD_USER_INPUT',
      'COMMENTS.REPLY_TO_REPLY',
      'Replies cannot be replied to; reply to the top-level comment',
      'parentId',
    );
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
