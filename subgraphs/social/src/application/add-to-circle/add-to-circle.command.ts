import { defineCommand } from '@agora/context-runtime';
import { loadOwnCircle } from '../circle-command';
import { circleMemberInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import { toCircleView, type CircleView } from '../views';

/**
 * `addToCircle`: owner only; the user must follow the owner or be followed by them, and the circle
 * must have room. Idempotent for a current member.
 *
 * Locks: the owner/user pair first (a concurrent block, which empties circles, waits for us or we
 * for it), then the circle — the same order as every other command, so they cannot deadlock.
 */
export const addToCircle = defineCommand({
  name: 'addToCircle',
  input: circleMemberInputSchema,
  viewer: 'required',
  async handle({ input: { circleId, userId }, actor, metadata, now }, { pairs, circles, outbox }: TransactionScope): Promise<CircleView> {
    // Nobody is related to themself: adding yourself fails as NO_RELATION.
    const pair = userId === actor.id ? null : await pairs.loadForUpdate(actor.id, userId);
    const circle = await loadOwnCircle(circles, circleId, actor.id);
    const membership = await circles.findMembershipForUpdate(circle.id, userId);
    const facts = { related: pair?.related ?? false, memberCount: await circles.countMembers(circle.id) };
    if (circle.addMember(userId, membership, facts, now)) {
      await circles.save(circle);
      await outbox.append(circle.pullEvents(), metadata);
    }
    return toCircleView(circle);
  },
});
