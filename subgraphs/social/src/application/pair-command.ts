import { parseInput } from '@agora/service-kit';
import type { UserPair } from '../domain/relationship';
import { SocialError } from '../domain/social.errors';
import { actorIdOf, metadataOf, type Command } from './command';
import { userRefInputSchema } from './inputs';
import type { Clock, SocialEvent, TransactionScope, UnitOfWork } from './ports';
import type { UserRef } from './views';

export interface PairCommandDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
}

/**
 * The shape shared by follow / unfollow / block / unblock: validate `{ userId }`, refuse the
 * viewer themself, require a known account, then change the pair under its lock and write the
 * changes and their events in the same transaction. `act` may have effects of its own (a block
 * also empties circles) and return their events, appended after the pair's.
 */
export async function runPairCommand(
  deps: PairCommandDeps,
  command: Command,
  options: {
    onSelf: () => SocialError;
    act: (pair: UserPair, at: Date, scope: TransactionScope) => Promise<SocialEvent[] | void> | SocialEvent[] | void;
  },
): Promise<UserRef> {
  const { userId } = parseInput(userRefInputSchema, command.input, 'SOCIAL');
  const actorId = actorIdOf(command);
  if (userId === actorId) throw options.onSelf();
  return deps.unitOfWork.run(async (scope) => {
    if (!(await scope.accounts.exists(userId))) throw SocialError.userNotFound();
    const pair = await scope.pairs.loadForUpdate(actorId, userId);
    const extra = (await options.act(pair, deps.clock.now(), scope)) ?? [];
    const events = [...pair.pullEvents(), ...extra];
    if (events.length > 0) {
      await scope.pairs.save(pair);
      await scope.outbox.append(events, metadataOf(command));
    }
    return { id: userId };
  });
}
