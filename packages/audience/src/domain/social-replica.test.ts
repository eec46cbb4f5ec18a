import { describe, expect, it } from 'vitest';
import { SocialReplica } from './social-replica';
import type { SocialChange } from './social-change';
import { ALICE, BOB, CIRCLE_1 } from '../../test/support/people';

const follow = (version: number, active: boolean): SocialChange => ({
  kind: 'follow',
  followerId: BOB,
  followeeId: ALICE,
  version,
  active,
});
const block = (version: number, active: boolean, blockerId = ALICE, blockedId = BOB): SocialChange => ({
  kind: 'block',
  blockerId,
  blockedId,
  version,
  active,
});
const member = (version: number, active: boolean): SocialChange => ({
  kind: 'membership',
  circleId: CIRCLE_1,
  ownerId: ALICE,
  memberId: BOB,
  version,
  active,
});

function replicaAfter(changes: SocialChange[]): SocialReplica {
  const replica = new SocialReplica();
  for (const change of changes) replica.apply(change);
  return replica;
}

describe('SocialReplica (last writer wins per relationship)', () => {
  it('follows in order: created, removed, created again', () => {
    expect(replicaAfter([follow(1, true)]).follows(BOB, ALICE)).toBe(true);
    expect(replicaAfter([follow(1, true), follow(2, false)]).follows(BOB, ALICE)).toBe(false);
    expect(replicaAfter([follow(1, true), follow(2, false), follow(3, true)]).follows(BOB, ALICE)).toBe(true);
    // Direction matters.
    expect(replicaAfter([follow(1, true)]).follows(ALICE, BOB)).toBe(false);
  });

  it('an unfollow arriving before its follow leaves the pair removed once both arrived', () => {
    const replica = replicaAfter([follow(2, false), follow(1, true)]);
    expect(replica.follows(BOB, ALICE)).toBe(false);
  });

  it('ignores redelivered and stale versions', () => {
    expect(replicaAfter([follow(3, true), follow(2, false), follow(3, false)]).follows(BOB, ALICE)).toBe(true);
  });

  it('blocks apply both ways and converge out of order', () => {
    expect(replicaAfter([block(1, true)]).blockedEitherWay(BOB, ALICE)).toBe(true);
    expect(replicaAfter([block(1, true)]).blockedEitherWay(ALICE, BOB)).toBe(true);
    expect(replicaAfter([block(2, false), block(1, true)]).blockedEitherWay(ALICE, BOB)).toBe(false);
    // Two independent blocks: lifting one leaves the other.
    expect(replicaAfter([block(1, true), block(1, true, BOB, ALICE), block(2, false)]).blockedEitherWay(ALICE, BOB)).toBe(true);
  });

  it('circle memberships converge out of order and check the owner', () => {
    expect(replicaAfter([member(1, true)]).inCircle(CIRCLE_1, ALICE, BOB)).toBe(true);
    expect(replicaAfter([member(1, true)]).inCircle(CIRCLE_1, BOB, BOB)).toBe(false);
    expect(replicaAfter([member(2, false), member(1, true)]).inCircle(CIRCLE_1, ALICE, BOB)).toBe(false);
    expect(replicaAfter([member(3, true), member(2, false)]).inCircle(CIRCLE_1, ALICE, BOB)).toBe(true);
  });

  it('a deleted circle drops its members and ignores later-arriving events of it', () => {
    const deleted: SocialChange = { kind: 'circle-deleted', circleId: CIRCLE_1, ownerId: ALICE };
    expect(replicaAfter([member(1, true), deleted]).inCircle(CIRCLE_1, ALICE, BOB)).toBe(false);
    expect(replicaAfter([deleted, member(1, true)]).inCircle(CIRCLE_1, ALICE, BOB)).toBe(false);
  });
});
