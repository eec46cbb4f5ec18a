import type { Command } from '../command';
import { runPairCommand, type PairCommandDeps } from '../pair-command';
import { SocialError } from '../../domain/social.errors';
import type { UserRef } from '../views';

/**
 * `follow`: the viewer follows a known user. Idempotent (no second event); FORBIDDEN when either
 * blocked the other; returns the followed user.
 */
export class FollowUserHandler {
  constructor(private readonly deps: PairCommandDeps) {}

  execute(command: Command): Promise<UserRef> {
    return runPairCommand(this.deps, command, {
      onSelf: SocialError.cannotFollowSelf,
      act: (pair, at) => void pair.follow(at),
    });
  }
}
