import { parseInput } from '@agora/service-kit';
import { loadOwnCircle } from '../circle-command';
import { actorIdOf, metadataOf, type Command } from '../command';
import { circleMemberInputSchema } from '../inputs';
import type { Clock, UnitOfWork } from '../ports';
import { toCircleView, type CircleView } from '../views';

/**
 * `addToCircle`: owner only; the user must follow the owner or be followed by them, and the circle
 * must have room. Idempotent for a current member.
 *
 * Locks: the owner/user pair first (a concurrent block, which empties circles, waits for us or we
 * for it), then the circle — the same order as every other command, so they cannot deadlock.
 */
export class AddToCircleHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  async execute(command: Command): Promise<CircleView> {
    const { circleId, userId } = parseInput(circleMemberInputSchema, command.input, 'SOCIAL');
    const ownerId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ pairs, circles, outbox }) => {
      // Nobody is related to themself: adding yourself fails as NO_RELATION.
      const pair = userId === ownerId ? null : await pairs.loadForUpdate(ownerId, userId);
      const circle = await loadOwnCircle(circles, circleId, ownerId);
      const membership = await circles.findMembershipForUpdate(circle.id, userId);
      const facts = { related: pair?.related ?? false, memberCount: await circles.countMembers(circle.id) };
      if (circle.addMember(userId, membership, facts, this.deps.clock.now())) {
        await circles.save(circle);
        await outbox.append(circle.pullEvents(), metadataOf(command));
      }
      return toCircleView(circle);
    });
  }
}
