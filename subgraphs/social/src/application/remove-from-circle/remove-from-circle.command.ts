import { defineCommand } from '@agora/context-runtime';
import { loadOwnCircle } from '../circle-command';
import { circleMemberInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import { toCircleView, type CircleView } from '../views';

/** `removeFromCircle`: owner only; idempotent (no event when the user is not a member). */
export const removeFromCircle = defineCommand({
  name: 'removeFromCircle',
  input: circleMemberInputSchema,
  viewer: 'required',
  async handle({ input: { circleId, userId }, actor, metadata, now }, { circles, outbox }: TransactionScope): Promise<CircleView> {
    const circle = await loadOwnCircle(circles, circleId, actor.id);
    const membership = await circles.findMembershipForUpdate(circle.id, userId);
    if (circle.removeMember(userId, membership, now)) {
      await circles.save(circle);
      await outbox.append(circle.pullEvents(), metadata);
    }
    return toCircleView(circle);
  },
});
