import { parseInput } from '@agora/service-kit';
import { z } from 'zod';
import { UserReaction } from '../../domain/reaction/reaction.aggregate';
import { REACTION_KINDS } from '../../domain/reaction/reaction-kind';
import { ReactionsError } from '../../domain/reactions.errors';
import { actorIdOf, idSchema, metadataOf, type Command } from '../command';
import type { Clock, UnitOfWork } from '../ports';

export const reactInputSchema = z.object({ subjectId: idSchema, kind: z.enum(REACTION_KINDS) });

export interface ReactDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
}

/**
 * `react`: the viewer reacts to a post or comment they may see. One reaction per viewer per
 * subject: another kind replaces the current one (one `reactions.reaction.set.v1` with
 * `previousKind`), the same kind again changes nothing and publishes nothing. NOT_FOUND when the
 * subject is missing, deleted, not known here yet, or invisible to the viewer. Returns true.
 */
export class ReactHandler {
  constructor(private readonly deps: ReactDeps) {}

  async execute(command: Command): Promise<boolean> {
    const { subjectId, kind } = parseInput(reactInputSchema, command.input, 'REACTIONS');
    const userId = actorIdOf(command);
    return this.deps.unitOfWork.run(async (scope) => {
      const at = this.deps.clock.now();
      // The subject's facts first, then the pair: the order a deletion of the subject takes them
      // in too (facts, then reactions), so the two never wait for each other in a cycle.
      const subject = await scope.subjects.findReactable(subjectId, userId);
      if (!subject) throw ReactionsError.subjectNotFound();
      const stored = await scope.reactions.loadForUpdate(userId, subjectId);
      const reaction = stored ?? UserReaction.none(userId, subject, at);
      if (reaction.react(kind, subject, at)) {
        await scope.reactions.save(reaction);
        await scope.outbox.append(reaction.pullEvents(), metadataOf(command));
      }
      return true;
    });
  }
}
