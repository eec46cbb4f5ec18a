import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CIRCLE_ID, T0, T1, aCircleState, active, circleName, removed } from '../social.mother';
import { Circle, MAX_CIRCLES_PER_OWNER, MAX_MEMBERS_PER_CIRCLE } from './circle.aggregate';

const related = { related: true, memberCount: 0 };

describe('Circle.create', () => {
  it('creates an empty circle at version 1 and records CircleCreated', () => {
    const circle = Circle.create({ id: CIRCLE_ID, ownerId: ALICE, name: circleName(' Close friends '), ownedAlready: 0, at: T0 });

    expect(circle.snapshot()).toEqual({ id: CIRCLE_ID, ownerId: ALICE, name: 'Close friends', version: 1, createdAt: T0, updatedAt: T0 });
    expect(circle.persistedVersion).toBe(0);
    expect(circle.pullEvents()).toEqual([
      { type: 'CircleCreated', circleId: CIRCLE_ID, ownerId: ALICE, name: 'Close friends', version: 1, occurredAt: T0 },
    ]);
  });

  it(`allows the ${MAX_CIRCLES_PER_OWNER}th circle and refuses the next`, () => {
    const create = (ownedAlready: number) => () =>
      Circle.create({ id: CIRCLE_ID, ownerId: ALICE, name: circleName('x'), ownedAlready, at: T0 });

    expect(create(MAX_CIRCLES_PER_OWNER - 1)).not.toThrow();
    expect(create(MAX_CIRCLES_PER_OWNER)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', reason: 'SOCIAL.CIRCLE_LIMIT_REACHED' }));
  });
});

describe('Circle ownership', () => {
  it("is NOT_FOUND (not FORBIDDEN) for someone else's circle", () => {
    const circle = Circle.restore(aCircleState());

    expect(() => circle.assertOwnedBy(BOB)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', reason: 'SOCIAL.CIRCLE_NOT_FOUND', field: 'circleId' }),
    );
    expect(() => circle.assertOwnedBy(ALICE)).not.toThrow();
  });
});

describe('Circle.rename and delete', () => {
  it('renames with the next version and records CircleRenamed', () => {
    const circle = Circle.restore(aCircleState({ version: 2 }));

    expect(circle.rename(circleName('Family'), T1)).toBe(true);

    expect(circle.snapshot()).toMatchObject({ name: 'Family', version: 3, updatedAt: T1 });
    expect(circle.pullEvents()).toEqual([
      { type: 'CircleRenamed', circleId: CIRCLE_ID, ownerId: ALICE, name: 'Family', version: 3, occurredAt: T1 },
    ]);
  });

  it('records nothing for the same name, but a change of case is a rename', () => {
    const circle = Circle.restore(aCircleState());

    expect(circle.rename(circleName('Close friends'), T1)).toBe(false);
    expect(circle.pullEvents()).toEqual([]);
    expect(circle.rename(circleName('close Friends'), T1)).toBe(true);
  });

  it('deletes with one CircleDeleted event at the next version', () => {
    const circle = Circle.restore(aCircleState({ version: 2 }));

    circle.delete(T1);

    expect(circle.isDeleted).toBe(true);
    expect(circle.pullEvents()).toEqual([{ type: 'CircleDeleted', circleId: CIRCLE_ID, ownerId: ALICE, version: 3, occurredAt: T1 }]);
  });
});

describe('Circle members', () => {
  it('adds a related user at membership version 1 and records CircleMemberAdded', () => {
    const circle = Circle.restore(aCircleState());

    expect(circle.addMember(BOB, null, related, T1)).toBe(true);

    expect(circle.pullMembershipChanges()).toEqual([
      { memberId: BOB, previousVersion: 0, next: { state: 'ACTIVE', version: 1, since: T1, createdAt: T1 } },
    ]);
    expect(circle.pullEvents()).toEqual([
      { type: 'CircleMemberAdded', circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 1, occurredAt: T1 },
    ]);
    // Membership changes do not change the circle itself.
    expect(circle.snapshot().version).toBe(1);
  });

  it('continues the membership version when someone rejoins', () => {
    const circle = Circle.restore(aCircleState());

    circle.addMember(BOB, removed({ version: 2 }), related, T1);

    expect(circle.pullEvents()).toEqual([expect.objectContaining({ type: 'CircleMemberAdded', version: 3 })]);
  });

  it('is idempotent for a current member, even one no longer related', () => {
    const circle = Circle.restore(aCircleState());

    expect(circle.addMember(BOB, active(), { related: false, memberCount: MAX_MEMBERS_PER_CIRCLE }, T1)).toBe(false);
    expect(circle.pullEvents()).toEqual([]);
  });

  it('refuses someone with no follow either way', () => {
    const circle = Circle.restore(aCircleState());

    expect(() => circle.addMember(BOB, null, { related: false, memberCount: 0 }, T1)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'SOCIAL.NO_RELATION', field: 'userId' }),
    );
  });

  it(`accepts the ${MAX_MEMBERS_PER_CIRCLE}th member and refuses the next`, () => {
    const circle = Circle.restore(aCircleState());

    expect(circle.addMember(BOB, null, { related: true, memberCount: MAX_MEMBERS_PER_CIRCLE - 1 }, T1)).toBe(true);
    expect(() => circle.addMember(ALICE, null, { related: true, memberCount: MAX_MEMBERS_PER_CIRCLE }, T1)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'SOCIAL.CIRCLE_FULL' }),
    );
  });

  it('removes a member with the next version; removing a non-member is a no-op', () => {
    const circle = Circle.restore(aCircleState());

    expect(circle.removeMember(BOB, active({ version: 1 }), T1)).toBe(true);
    expect(circle.removeMember(ALICE, removed(), T1)).toBe(false);
    expect(circle.removeMember(ALICE, null, T1)).toBe(false);

    expect(circle.pullEvents()).toEqual([
      { type: 'CircleMemberRemoved', circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 2, occurredAt: T1 },
    ]);
  });
});
