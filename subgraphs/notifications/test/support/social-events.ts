import { socialEvent } from '@agora/audience/testing';
import type { EventEnvelope } from '@agora/events';
import type { Person } from '../../src/application/testing/events.mother';

/** Social's events as social publishes them (validated by their contracts), between people. */
export const blockCreated = (blocker: Person, blocked: Person, version = 1): EventEnvelope<any> =>
  socialEvent({ kind: 'block', blockerId: blocker.userId, blockedId: blocked.userId, version, active: true });

export const blockRemoved = (blocker: Person, blocked: Person, version = 2): EventEnvelope<any> =>
  socialEvent({ kind: 'block', blockerId: blocker.userId, blockedId: blocked.userId, version, active: false });

export const circleMemberAdded = (circleId: string, owner: Person, member: Person, version = 1): EventEnvelope<any> =>
  socialEvent({ kind: 'membership', circleId, ownerId: owner.userId, memberId: member.userId, version, active: true });
