import type { UnitOfWork } from '../ports';

export interface CommentDeleted {
  eventId: string;
  commentId: string;
  postId: string;
  authorId: string;
  /** The comment and its replies: everything that is gone. */
  removedCommentIds: readonly string[];
}

/**
 * On `comments.comment.deleted.v1`: every removed comment (the comment and its replies) becomes
 * deleted for good — before or after its addition arrived — and their reactions are removed, in
 * one transaction with the inbox row. No event (see RemoveReactionsOnPostDeleted). Returns false
 * for a redelivery.
 */
export class RemoveReactionsOnCommentDeletedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  handle(consumer: string, event: CommentDeleted): Promise<boolean> {
    const commentIds = [...new Set([event.commentId, ...event.removedCommentIds])];
    return this.deps.unitOfWork.runOnce(consumer, event.eventId, async (scope) => {
      await scope.comments.apply({ kind: 'deleted', commentId: event.commentId, postId: event.postId, authorId: event.authorId, commentIds });
      await scope.reactions.removeForSubjects(commentIds);
    });
  }
}
