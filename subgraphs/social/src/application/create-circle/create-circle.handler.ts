import { parseInput } from '@agora/service-kit';
import { Circle, circleNameKey } from '../../domain/circle';
import { SocialError } from '../../domain/social.errors';
import { actorIdOf, metadataOf, type Command } from '../command';
import { createCircleInputSchema } from '../inputs';
import type { Clock, IdGenerator, UnitOfWork } from '../ports';
import { toCircleView, type CircleView } from '../views';

/**
 * `createCircle`: an empty circle of the viewer's. The owner's creations are serialised so the
 * 100-circle limit holds under concurrency; the unique (owner, name) index backs the name check.
 */
export class CreateCircleHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock; ids: IdGenerator }) {}

  async execute(command: Command): Promise<CircleView> {
    const { name } = parseInput(createCircleInputSchema, command.input, 'SOCIAL');
    const ownerId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ circles, outbox }) => {
      await circles.lockOwner(ownerId);
      if (await circles.nameTaken(ownerId, circleNameKey(name))) throw SocialError.circleNameTaken();
      const circle = Circle.create({
        id: this.deps.ids.newId(),
        ownerId,
        name,
        ownedAlready: await circles.countOwnedBy(ownerId),
        at: this.deps.clock.now(),
      });
      await circles.save(circle);
      await outbox.append(circle.pullEvents(), metadataOf(command));
      return toCircleView(circle);
    });
  }
}
