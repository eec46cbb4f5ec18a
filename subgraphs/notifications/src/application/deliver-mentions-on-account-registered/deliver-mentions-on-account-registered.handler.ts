import { defineConsumer } from '@agora/context-runtime';
import { AccountRegisteredV1 } from '@agora/events';
import { deliverMentions } from '../mention-delivery';
import type { NotificationScope } from '../ports';

/**
 * identity.account.registered.v1: records the account (username → id, for mentions), then
 * delivers the mentions of that username that were waiting for it (out-of-order arrival: the
 * registration may reach notifications after a post or comment mentioning the user). Those
 * notifications are announced as caused by the registration (the event that created them).
 */
export const deliverMentionsOnAccountRegistered = defineConsumer({
  name: 'DeliverMentionsOnAccountRegistered',
  contract: AccountRegisteredV1,
  async handle({ payload: { accountId, username: spelled, registeredAt } }, scope: NotificationScope, call) {
    // Mentions match usernames ignoring case (a username is not an id: the contract keeps its spelling).
    const username = spelled.toLowerCase();
    await scope.locks.lock('exclusive', { usernames: [username] });
    await scope.accounts.record({ id: accountId, username, registeredAt: new Date(registeredAt) });
    const waiting = await scope.pending.of({ username });
    if (waiting.length === 0) return;
    // Wait for deletions of what the mentions are about, then read them again: a deletion that
    // committed meanwhile dropped its pending mentions.
    await scope.locks.lock('shared', {
      postIds: waiting.map((mention) => mention.postId),
      commentIds: waiting.flatMap((mention) => (mention.commentId ? [mention.commentId] : [])),
    });
    const outcome = await deliverMentions(scope, await scope.pending.of({ username }), call);
    await scope.pending.remove(outcome.settled);
  },
});
