import type { AccountRegisteredV1, PayloadOf } from '@agora/events';
import { deliverMentions } from '../mention-delivery';
import type { ConsumedEvent, UnitOfWork } from '../ports';

/**
 * identity.account.registered.v1: records the account (username → id, for mentions), then
 * delivers the mentions of that username that were waiting for it (out-of-order arrival: the
 * registration may reach notifications after a post or comment mentioning the user).
 */
export class DeliverMentionsOnAccountRegisteredHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  execute(event: ConsumedEvent<PayloadOf<typeof AccountRegisteredV1>>, consumer: string): Promise<boolean> {
    const username = event.payload.username.toLowerCase();
    return this.deps.unitOfWork.runOnce(consumer, event.id, async (scope) => {
      await scope.locks.lock('exclusive', { usernames: [username] });
      await scope.accounts.record({ id: event.payload.accountId.toLowerCase(), username, registeredAt: new Date(event.payload.registeredAt) });
      const waiting = await scope.pending.of({ username });
      if (waiting.length === 0) return;
      // Wait for deletions of what the mentions are about, then read them again: a deletion that
      // committed meanwhile dropped its pending mentions.
      await scope.locks.lock('shared', {
        postIds: waiting.map((mention) => mention.postId),
        commentIds: waiting.flatMap((mention) => (mention.commentId ? [mention.commentId] : [])),
      });
      const outcome = await deliverMentions(scope, await scope.pending.of({ username }));
      await scope.pending.remove(outcome.settled);
    });
  }
}
