import { BlockCreatedV1, BlockRemovedV1, CircleMemberAddedV1, createEvent, type EventEnvelope } from '@agora/events';
import type { Person } from '../../src/application/testing/events.mother';

/** Social's events as social publishes them (validated by their contracts). */
const at = () => new Date().toISOString();

export function blockCreated(blocker: Person, blocked: Person, version = 1): EventEnvelope<any> {
  return createEvent(BlockCreatedV1, {
    aggregateId: blocker.userId,
    aggregateVersion: version,
    payload: { blockerId: blocker.userId, blockedId: blocked.userId, version, at: at() },
  });
}

export function blockRemoved(blocker: Person, blocked: Person, version = 2): EventEnvelope<any> {
  return createEvent(BlockRemovedV1, {
    aggregateId: blocker.userId,
    aggregateVersion: version,
    payload: { blockerId: blocker.userId, blockedId: blocked.userId, version, at: at() },
  });
}

export function circleMemberAdded(circleId: string, owner: Person, member: Person, version = 1): EventEnvelope<any> {
  return createEvent(CircleMemberAddedV1, {
    aggregateId: circleId,
    aggregateVersion: version,
    payload: { circleId, ownerId: owner.userId, memberId: member.userId, version, at: at() },
  });
}

