import type { Command } from '../command';
import { runPairCommand, type PairCommandDeps } from '../pair-command';
import { SocialError } from '../../domain/social.errors';
import type { UserRef } from '../views';

/**
 * `unblock`: lifts the viewer's block. NOT_FOUND (SOCIAL.NOT_BLOCKED) when there is none — the
 * mirror of `block` refusing a second block. Follows ended by the block are not restored.
 */
export class UnblockUserHandler {
  constructor(private readonly deps: PairCommandDeps) {}

  execute(command: Command): Promise<UserRef> {
    return runPairCommand(this.deps, command, {
      onSelf: SocialError.cannotBlockSelf,
      act: (pair, at) => pair.unblock(at),
    });
  }
}
