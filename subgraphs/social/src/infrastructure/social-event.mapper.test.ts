import { findContract, parseEvent } from '@agora/events';
import { describe, expect, it } from 'vitest';
import type { SocialEvent } from '../application/ports';
import { ALICE, BOB, CIRCLE_ID, T1 } from '../domain/social.mother';
import { toEnvelope } from './social-event.mapper';

const metadata = { correlationId: 'req-1', causationId: null, actorId: ALICE };
const at = T1.toISOString();

const cases: [SocialEvent, string, string, Record<string, unknown>][] = [
  [
    { type: 'FollowCreated', followerId: ALICE, followeeId: BOB, version: 1, occurredAt: T1 },
    'social.follow.created.v1',
    ALICE,
    { followerId: ALICE, followeeId: BOB, version: 1, at },
  ],
  [
    { type: 'FollowRemoved', followerId: BOB, followeeId: ALICE, version: 4, occurredAt: T1 },
    'social.follow.removed.v1',
    BOB,
    { followerId: BOB, followeeId: ALICE, version: 4, at },
  ],
  [
    { type: 'BlockCreated', blockerId: ALICE, blockedId: BOB, version: 3, occurredAt: T1 },
    'social.block.created.v1',
    ALICE,
    { blockerId: ALICE, blockedId: BOB, version: 3, at },
  ],
  [
    { type: 'BlockRemoved', blockerId: ALICE, blockedId: BOB, version: 2, occurredAt: T1 },
    'social.block.removed.v1',
    ALICE,
    { blockerId: ALICE, blockedId: BOB, version: 2, at },
  ],
  [
    { type: 'CircleCreated', circleId: CIRCLE_ID, ownerId: ALICE, name: 'Family', version: 1, occurredAt: T1 },
    'social.circle.created.v1',
    CIRCLE_ID,
    { circleId: CIRCLE_ID, ownerId: ALICE, name: 'Family', version: 1, at },
  ],
  [
    { type: 'CircleRenamed', circleId: CIRCLE_ID, ownerId: ALICE, name: 'Kin', version: 2, occurredAt: T1 },
    'social.circle.renamed.v1',
    CIRCLE_ID,
    { circleId: CIRCLE_ID, ownerId: ALICE, name: 'Kin', version: 2, at },
  ],
  [
    { type: 'CircleDeleted', circleId: CIRCLE_ID, ownerId: ALICE, version: 3, occurredAt: T1 },
    'social.circle.deleted.v1',
    CIRCLE_ID,
    { circleId: CIRCLE_ID, ownerId: ALICE, version: 3, at },
  ],
  [
    { type: 'CircleMemberAdded', circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 1, occurredAt: T1 },
    'social.circle.member-added.v1',
    CIRCLE_ID,
    { circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 1, at },
  ],
  [
    { type: 'CircleMemberRemoved', circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 2, occurredAt: T1 },
    'social.circle.member-removed.v1',
    CIRCLE_ID,
    { circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 2, at },
  ],
];

describe('social event → envelope', () => {
  it.each(cases)('maps %j to a valid envelope of its contract', (event, type, aggregateId, payload) => {
    const envelope = toEnvelope(event, metadata);
    const contract = findContract(type)!;

    expect(parseEvent(contract, JSON.parse(JSON.stringify(envelope)))).toMatchObject({
      type,
      aggregateId,
      // The envelope's version is the relationship's (or circle's) version, the same as the payload's.
      aggregateVersion: event.version,
      occurredAt: at,
      payload,
      ...metadata,
    });
    expect(contract.stream).toBe('SOCIAL');
  });
});
