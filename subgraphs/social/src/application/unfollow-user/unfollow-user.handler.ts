import type { Command } from '../command';
import { runPairCommand, type PairCommandDeps } from '../pair-command';
import { SocialError } from '../../domain/social.errors';
import type { UserRef } from '../views';

/** `unfollow`: idempotent (no event when not following); returns the user. */
export class UnfollowUserHandler {
  constructor(private readonly deps: PairCommandDeps) {}

  execute(command: Command): Promise<UserRef> {
    return runPairCommand(this.deps, command, {
      onSelf: SocialError.cannotFollowSelf,
      act: (pair, at) => void pair.unfollow(at),
    });
  }
}
