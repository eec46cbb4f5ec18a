import { parseInput } from '@agora/service-kit';
import { loadOwnCircle } from '../circle-command';
import { actorIdOf, metadataOf, type Command } from '../command';
import { deleteCircleInputSchema } from '../inputs';
import type { Clock, UnitOfWork } from '../ports';

/** `deleteCircle`: owner only; the circle goes with its memberships and one CircleDeleted event. */
export class DeleteCircleHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  async execute(command: Command): Promise<true> {
    const { circleId } = parseInput(deleteCircleInputSchema, command.input, 'SOCIAL');
    const ownerId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ circles, outbox }) => {
      const circle = await loadOwnCircle(circles, circleId, ownerId);
      circle.delete(this.deps.clock.now());
      await circles.save(circle);
      await outbox.append(circle.pullEvents(), metadataOf(command));
      return true as const;
    });
  }
}
