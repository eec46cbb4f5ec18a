import { parseInput } from '@agora/service-kit';
import { z } from 'zod';
import { actorIdOf, idSchema, metadataOf, type Command } from '../command';
import type { Clock, UnitOfWork } from '../ports';

export const unreactInputSchema = z.object({ subjectId: idSchema });

export interface UnreactDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
}

/**
 * `unreact`: the viewer withdraws their reaction to a post or comment. True when one was removed
 * (one `reactions.reaction.removed.v1`), false when there was none (idempotent, no event). One's
 * own reaction can always be withdrawn, even from a subject one can no longer see.
 */
export class UnreactHandler {
  constructor(private readonly deps: UnreactDeps) {}

  async execute(command: Command): Promise<boolean> {
    const { subjectId } = parseInput(unreactInputSchema, command.input, 'REACTIONS');
    const userId = actorIdOf(command);
    return this.deps.unitOfWork.run(async (scope) => {
      const reaction = await scope.reactions.loadForUpdate(userId, subjectId);
      if (!reaction || !reaction.withdraw(this.deps.clock.now())) return false;
      await scope.reactions.save(reaction);
      await scope.outbox.append(reaction.pullEvents(), metadataOf(command));
      return true;
    });
  }
}
