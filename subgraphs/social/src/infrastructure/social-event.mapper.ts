import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleCreatedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  CircleRenamedV1,
  createEvent,
  FollowCreatedV1,
  FollowRemovedV1,
  type EventEnvelope,
} from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { SocialEvent } from '../application/ports';

/**
 * Domain events → the published language (`social.*.v1` envelopes). The envelope's aggregate is
 * the follower / blocker / circle and its version the relationship's version (see the contracts).
 * `createEvent` validates each payload, so a bad event fails the transaction instead of reaching
 * other contexts.
 */
export function toEnvelope(event: SocialEvent, metadata: EventMetadata): EventEnvelope {
  const at = event.occurredAt.toISOString();
  const common = {
    aggregateVersion: event.version,
    occurredAt: event.occurredAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
  };
  switch (event.type) {
    case 'FollowCreated':
    case 'FollowRemoved': {
      const contract = event.type === 'FollowCreated' ? FollowCreatedV1 : FollowRemovedV1;
      const payload = { followerId: event.followerId, followeeId: event.followeeId, version: event.version, at };
      return createEvent(contract, { ...common, aggregateId: event.followerId, payload });
    }
    case 'BlockCreated':
    case 'BlockRemoved': {
      const contract = event.type === 'BlockCreated' ? BlockCreatedV1 : BlockRemovedV1;
      const payload = { blockerId: event.blockerId, blockedId: event.blockedId, version: event.version, at };
      return createEvent(contract, { ...common, aggregateId: event.blockerId, payload });
    }
    case 'CircleCreated':
    case 'CircleRenamed': {
      const contract = event.type === 'CircleCreated' ? CircleCreatedV1 : CircleRenamedV1;
      const payload = { circleId: event.circleId, ownerId: event.ownerId, name: event.name, version: event.version, at };
      return createEvent(contract, { ...common, aggregateId: event.circleId, payload });
    }
    case 'CircleDeleted':
      return createEvent(CircleDeletedV1, {
        ...common,
        aggregateId: event.circleId,
        payload: { circleId: event.circleId, ownerId: event.ownerId, version: event.version, at },
      });
    case 'CircleMemberAdded':
    case 'CircleMemberRemoved': {
      const contract = event.type === 'CircleMemberAdded' ? CircleMemberAddedV1 : CircleMemberRemovedV1;
      const payload = { circleId: event.circleId, ownerId: event.ownerId, memberId: event.memberId, version: event.version, at };
      return createEvent(contract, { ...common, aggregateId: event.circleId, payload });
    }
  }
}
