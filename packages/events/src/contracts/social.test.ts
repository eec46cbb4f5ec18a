import { describe, expect, it } from 'vitest';
import { createEvent, parseEvent } from '../envelope';
import { CircleMemberAddedV1, FollowCreatedV1, FollowRemovedV1 } from './social';

const follower = '0190f3a2-7c1e-7b8a-9c3d-2e4f5a6b7c8d';
const followee = '0190f3a2-7c1e-7b8a-9c3d-2e4f5a6b7c8e';

describe('social contracts', () => {
  it('round-trips a follow through JSON with the pair version as aggregate version', () => {
    const event = createEvent(FollowRemovedV1, {
      aggregateId: follower,
      aggregateVersion: 2,
      payload: { followerId: follower, followeeId: followee, version: 2, at: '2026-01-02T03:04:05.000Z' },
    });
    expect(parseEvent(FollowRemovedV1, JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('requires a positive integer version, uuids and an ISO instant', () => {
    const payload = { followerId: follower, followeeId: followee, version: 1, at: '2026-01-02T03:04:05.000Z' };
    const create = (overrides: Record<string, unknown>) => () =>
      createEvent(FollowCreatedV1, { aggregateId: follower, aggregateVersion: 1, payload: { ...payload, ...overrides } as never });

    expect(create({})).not.toThrow();
    expect(create({ version: 0 })).toThrow(/payload\.version/);
    expect(create({ followeeId: 'bob' })).toThrow(/payload\.followeeId/);
    expect(create({ at: 'yesterday' })).toThrow(/payload\.at/);
  });

  it('requires the member of a membership event', () => {
    expect(() =>
      createEvent(CircleMemberAddedV1, {
        aggregateId: follower,
        aggregateVersion: 1,
        payload: { circleId: follower, ownerId: followee, version: 1, at: '2026-01-02T03:04:05.000Z' } as never,
      }),
    ).toThrow(/payload\.memberId/);
  });
});

describe('ids in payloads', () => {
  it('are parsed into the one canonical spelling (lower case), whatever case the producer sent', () => {
    const followerId = '0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF';
    const followeeId = '0190f0c2-7a3b-7c4d-8e5f-000000000001';
    const event = createEvent(FollowCreatedV1, {
      aggregateId: `${followerId}>${followeeId}`,
      aggregateVersion: 1,
      payload: { followerId, followeeId, version: 1, at: new Date(0).toISOString() },
    });
    expect(event.payload.followerId).toBe(followerId.toLowerCase());
    const sentUpperCase = { ...event, payload: { ...event.payload, followerId } };
    const parsed = parseEvent(FollowCreatedV1, JSON.parse(JSON.stringify(sentUpperCase)));
    expect(parsed.payload.followerId).toBe(followerId.toLowerCase());
    expect(parsed.payload.followeeId).toBe(followeeId);
  });
});
