import { SocialError } from '../../domain/social.errors';
import { pairCommand } from '../pair-command';
import type { SocialEvent } from '../ports';

/**
 * `block`: the viewer blocks a known user. In the same transaction the follows between them end
 * (both ways) and each leaves the other's circles, every removal with its own event. Blocking
 * twice is CONFLICT.
 */
export const blockUser = pairCommand({
  name: 'block',
  onSelf: SocialError.cannotBlockSelf,
  act: async (pair, at, { circles }) => {
    pair.block(at);
    const removals: SocialEvent[] = [];
    for (const { circle, memberId, membership } of await circles.findMembershipsBetween(pair.actorId, pair.otherId)) {
      if (!circle.removeMember(memberId, membership, at)) continue;
      await circles.save(circle);
      removals.push(...circle.pullEvents());
    }
    return removals;
  },
});
