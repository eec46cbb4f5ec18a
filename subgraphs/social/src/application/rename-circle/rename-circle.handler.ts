import { parseInput } from '@agora/service-kit';
import { circleNameKey } from '../../domain/circle';
import { SocialError } from '../../domain/social.errors';
import { loadOwnCircle } from '../circle-command';
import { actorIdOf, metadataOf, type Command } from '../command';
import { renameCircleInputSchema } from '../inputs';
import type { Clock, UnitOfWork } from '../ports';
import { toCircleView, type CircleView } from '../views';

/** `renameCircle`: owner only; CONFLICT when another of the owner's circles has the name. */
export class RenameCircleHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  async execute(command: Command): Promise<CircleView> {
    const { circleId, name } = parseInput(renameCircleInputSchema, command.input, 'SOCIAL');
    const ownerId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ circles, outbox }) => {
      const circle = await loadOwnCircle(circles, circleId, ownerId);
      if (await circles.nameTaken(ownerId, circleNameKey(name), circle.id)) throw SocialError.circleNameTaken();
      if (circle.rename(name, this.deps.clock.now())) {
        await circles.save(circle);
        await outbox.append(circle.pullEvents(), metadataOf(command));
      }
      return toCircleView(circle);
    });
  }
}
