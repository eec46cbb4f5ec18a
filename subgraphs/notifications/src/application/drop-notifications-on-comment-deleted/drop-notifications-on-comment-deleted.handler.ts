import type { CommentDeletedV1, PayloadOf } from '@agora/events';
import type { ConsumedEvent, UnitOfWork } from '../ports';

/**
 * comments.comment.deleted.v1: remembers the removed comments (terminal) and drops every
 * notification and pending mention about them. Later events about them create nothing.
 */
export class DropNotificationsOnCommentDeletedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  execute(event: ConsumedEvent<PayloadOf<typeof CommentDeletedV1>>, consumer: string): Promise<boolean> {
    const commentIds = [...new Set(event.payload.removedCommentIds.map((id) => id.toLowerCase()))];
    return this.deps.unitOfWork.runOnce(consumer, event.id, async (scope) => {
      await scope.locks.lock('exclusive', { commentIds });
      await scope.facts.recordCommentsDeleted(commentIds);
      await scope.notifications.dropAbout({ commentIds });
      await scope.pending.dropAbout({ commentIds });
    });
  }
}
