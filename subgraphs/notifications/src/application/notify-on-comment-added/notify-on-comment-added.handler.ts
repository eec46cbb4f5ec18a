import { defineConsumer } from '@agora/context-runtime';
import { CommentAddedV1 } from '@agora/events';
import { mentionsIn } from '../../domain/mentions';
import { commentNotifications } from '../../domain/notification';
import { deliverMentions } from '../mention-delivery';
import type { NotificationScope } from '../ports';
import { storeNotifications } from '../store-notifications';

/**
 * comments.comment.added.v1 → COMMENTED / REPLIED (domain/notification.ts) and MENTIONED for each
 * @username in the body who may see the post (post facts). Mentions of usernames not registered
 * yet, or on a post whose publication has not arrived yet, wait in `pending_mention`. Nothing is
 * created about a post or comment already known to be deleted.
 */
export const notifyOnCommentAdded = defineConsumer({
  name: 'NotifyOnCommentAdded',
  contract: CommentAddedV1,
  async handle(event, scope: NotificationScope, call) {
    const comment = event.payload;
    const at = new Date(comment.createdAt);
    const drafts = commentNotifications(comment, { eventId: event.id, at });
    const mentions = mentionsIn(comment.body, {
      sourceEventId: event.id,
      actorId: comment.authorId,
      postId: comment.postId,
      commentId: comment.commentId,
      audience: null,
      at,
    });
    await scope.locks.lock('shared', {
      usernames: mentions.map((m) => m.username),
      postIds: [comment.postId],
      commentIds: [comment.commentId],
    });
    if (await scope.facts.isGone(comment.postId, [comment.commentId])) return;
    // The comment's body is known here: the mails quote it.
    await storeNotifications(scope, drafts, call, { excerpt: comment.body });
    const { waiting } = await deliverMentions(scope, mentions, call, { excerpt: comment.body });
    await scope.pending.save(waiting);
  },
});
