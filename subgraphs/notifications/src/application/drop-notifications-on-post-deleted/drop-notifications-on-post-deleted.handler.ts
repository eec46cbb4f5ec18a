import type { PostAccessChange } from '@agora/audience';
import type { PayloadOf, PostDeletedV1 } from '@agora/events';
import type { ConsumedEvent, UnitOfWork } from '../ports';

/**
 * posts.post.deleted.v1: records the deletion in the post facts (terminal; it replaces the
 * audience kernel's own consumer of this event) and drops every notification and pending mention
 * about the post, its comments included. Later events about the post create nothing.
 */
export class DropNotificationsOnPostDeletedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  execute(event: ConsumedEvent<PayloadOf<typeof PostDeletedV1>>, consumer: string, fact: PostAccessChange): Promise<boolean> {
    const about = { postId: event.payload.postId };
    return this.deps.unitOfWork.runOnce(consumer, event.id, async (scope) => {
      await scope.locks.lock('exclusive', { postIds: [about.postId] });
      await scope.facts.applyPostFact(fact);
      await scope.notifications.dropAbout(about);
      await scope.pending.dropAbout(about);
    });
  }
}
