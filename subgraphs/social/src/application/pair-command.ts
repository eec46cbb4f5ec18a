import { defineCommand } from '@agora/context-runtime';
import type { UserPair } from '../domain/relationship';
import { SocialError } from '../domain/social.errors';
import { userRefInputSchema } from './inputs';
import type { SocialEvent, TransactionScope } from './ports';
import type { UserRef } from './views';

/**
 * The shape shared by follow / unfollow / block / unblock: `{ userId }`, never the viewer
 * themself, a known account; then the pair changes under its lock and the changes and their events
 * are written in the command's transaction. `act` may have effects of its own (a block also
 * empties circles) and return their events, appended after the pair's.
 */
export function pairCommand(options: {
  name: string;
  onSelf: () => SocialError;
  act: (pair: UserPair, at: Date, scope: TransactionScope) => Promise<SocialEvent[] | void> | SocialEvent[] | void;
}) {
  return defineCommand({
    name: options.name,
    input: userRefInputSchema,
    viewer: 'required',
    async handle({ input: { userId }, actor, metadata, now }, scope: TransactionScope): Promise<UserRef> {
      if (userId === actor.id) throw options.onSelf();
      if (!(await scope.accounts.exists(userId))) throw SocialError.userNotFound();
      const pair = await scope.pairs.loadForUpdate(actor.id, userId);
      const extra = (await options.act(pair, now, scope)) ?? [];
      const events = [...pair.pullEvents(), ...extra];
      if (events.length > 0) {
        await scope.pairs.save(pair);
        await scope.outbox.append(events, metadata);
      }
      return { id: userId };
    },
  });
}
