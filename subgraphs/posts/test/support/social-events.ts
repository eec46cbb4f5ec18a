import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  FollowCreatedV1,
  FollowRemovedV1,
  createEvent,
  type EventEnvelope,
} from '@agora/events';
import type { SocialChange } from '@agora/audience';

/**
 * The social event (validated by its contract) that social would publish for a change, so a test
 * can feed the same changes to posts over NATS and to the in-memory `SocialReplica`.
 */
export function socialEvent(change: SocialChange): EventEnvelope<any> {
  const at = new Date().toISOString();
  switch (change.kind) {
    case 'follow':
      return createEvent(change.active ? FollowCreatedV1 : FollowRemovedV1, {
        aggregateId: change.followerId,
        aggregateVersion: change.version,
        payload: { followerId: change.followerId, followeeId: change.followeeId, version: change.version, at },
      });
    case 'block':
      return createEvent(change.active ? BlockCreatedV1 : BlockRemovedV1, {
        aggregateId: change.blockerId,
        aggregateVersion: change.version,
        payload: { blockerId: change.blockerId, blockedId: change.blockedId, version: change.version, at },
      });
    case 'membership':
      return createEvent(change.active ? CircleMemberAddedV1 : CircleMemberRemovedV1, {
        aggregateId: change.circleId,
        aggregateVersion: change.version,
        payload: { circleId: change.circleId, ownerId: change.ownerId, memberId: change.memberId, version: change.version, at },
      });
    case 'circle-deleted':
      return createEvent(CircleDeletedV1, {
        aggregateId: change.circleId,
        aggregateVersion: 2,
        payload: { circleId: change.circleId, ownerId: change.ownerId, version: 2, at },
      });
  }
}
