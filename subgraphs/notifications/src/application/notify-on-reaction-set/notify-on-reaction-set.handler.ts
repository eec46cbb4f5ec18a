import type { PayloadOf, ReactionSetV1 } from '@agora/events';
import { reactionNotifications } from '../../domain/notification';
import type { ConsumedEvent, UnitOfWork } from '../ports';

/**
 * reactions.reaction.set.v1 with no previous kind → REACTED to the subject's author. Nothing about
 * a post or comment already known to be deleted.
 */
export class NotifyOnReactionSetHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  execute(event: ConsumedEvent<PayloadOf<typeof ReactionSetV1>>, consumer: string): Promise<boolean> {
    const drafts = reactionNotifications(event.payload, { eventId: event.id, at: new Date(event.payload.at) });
    const commentIds = drafts.flatMap((draft) => (draft.commentId ? [draft.commentId] : []));
    return this.deps.unitOfWork.runOnce(consumer, event.id, async (scope) => {
      if (drafts.length === 0) return;
      await scope.locks.lock('shared', { postIds: [event.payload.postId], commentIds });
      if (await scope.facts.isGone(event.payload.postId, commentIds)) return;
      await scope.notifications.add(drafts);
    });
  }
}
