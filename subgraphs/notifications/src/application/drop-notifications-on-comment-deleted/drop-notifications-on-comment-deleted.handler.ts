import { defineConsumer } from '@agora/context-runtime';
import { CommentDeletedV1 } from '@agora/events';
import type { NotificationScope } from '../ports';

/**
 * comments.comment.deleted.v1: remembers the removed comments (terminal) and drops every
 * notification and pending mention about them. Later events about them create nothing.
 */
export const dropNotificationsOnCommentDeleted = defineConsumer({
  name: 'DropNotificationsOnCommentDeleted',
  contract: CommentDeletedV1,
  async handle(event, scope: NotificationScope) {
    const commentIds = [...new Set(event.payload.removedCommentIds)];
    await scope.locks.lock('exclusive', { commentIds });
    await scope.facts.recordCommentsDeleted(commentIds);
    await scope.notifications.dropAbout({ commentIds });
    await scope.pending.dropAbout({ commentIds });
  },
});
