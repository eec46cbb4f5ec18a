import type { UnitOfWork } from '../ports';

export interface CommentAdded {
  eventId: string;
  commentId: string;
  postId: string;
  authorId: string;
}

/**
 * On `comments.comment.added.v1`: the comment becomes known (reactable while its post is visible
 * and no block stands between reactor and author). An addition arriving after the comment's
 * deletion fills in the tombstone and does not revive it. Returns false for a redelivery.
 */
export class RecordCommentOnCommentAddedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  handle(consumer: string, event: CommentAdded): Promise<boolean> {
    return this.deps.unitOfWork.runOnce(consumer, event.eventId, (scope) =>
      scope.comments.apply({ kind: 'added', commentId: event.commentId, postId: event.postId, authorId: event.authorId }),
    );
  }
}
