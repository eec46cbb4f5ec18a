import { parseInput } from '@agora/service-kit';
import { loadOwnCircle } from '../circle-command';
import { actorIdOf, metadataOf, type Command } from '../command';
import { circleMemberInputSchema } from '../inputs';
import type { Clock, UnitOfWork } from '../ports';
import { toCircleView, type CircleView } from '../views';

/** `removeFromCircle`: owner only; idempotent (no event when the user is not a member). */
export class RemoveFromCircleHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  async execute(command: Command): Promise<CircleView> {
    const { circleId, userId } = parseInput(circleMemberInputSchema, command.input, 'SOCIAL');
    const ownerId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ circles, outbox }) => {
      const circle = await loadOwnCircle(circles, circleId, ownerId);
      const membership = await circles.findMembershipForUpdate(circle.id, userId);
      if (circle.removeMember(userId, membership, this.deps.clock.now())) {
        await circles.save(circle);
        await outbox.append(circle.pullEvents(), metadataOf(command));
      }
      return toCircleView(circle);
    });
  }
}
