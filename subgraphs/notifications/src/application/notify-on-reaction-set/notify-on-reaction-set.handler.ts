import { defineConsumer } from '@agora/context-runtime';
import { ReactionSetV1 } from '@agora/events';
import { reactionNotifications } from '../../domain/notification';
import type { NotificationScope } from '../ports';
import { storeNotifications } from '../store-notifications';

/**
 * reactions.reaction.set.v1 with no previous kind → REACTED to the subject's author. Nothing about
 * a post or comment already known to be deleted.
 */
export const notifyOnReactionSet = defineConsumer({
  name: 'NotifyOnReactionSet',
  contract: ReactionSetV1,
  async handle(event, scope: NotificationScope, call) {
    const drafts = reactionNotifications(event.payload, { eventId: event.id, at: new Date(event.payload.at) });
    if (drafts.length === 0) return;
    const commentIds = drafts.flatMap((draft) => (draft.commentId ? [draft.commentId] : []));
    await scope.locks.lock('shared', { postIds: [event.payload.postId], commentIds });
    if (await scope.facts.isGone(event.payload.postId, commentIds)) return;
    await storeNotifications(scope, drafts, call);
  },
});
