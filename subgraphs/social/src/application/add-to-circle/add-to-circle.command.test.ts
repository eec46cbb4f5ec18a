import { describe, expect, it } from 'vitest';
import { MAX_MEMBERS_PER_CIRCLE } from '../../domain/circle';
import { ALICE, BOB, CAROL, CIRCLE_ID, T1, aCircleState, active, removed } from '../../domain/social.mother';
import { removeFromCircle } from '../remove-from-circle/remove-from-circle.command';
import { asAlice, asViewer, rejection, setup } from '../testing/handlers.mother';
import { addToCircle } from './add-to-circle.command';

function arrange() {
  const deps = setup();
  deps.unitOfWork.tables.circles.set(CIRCLE_ID, aCircleState());
  return { ...deps, add: deps.commands.bind(addToCircle), removeMember: deps.commands.bind(removeFromCircle) };
}

const bobIntoCircle = { circleId: CIRCLE_ID, userId: BOB };

describe('AddToCircle', () => {
  it.each([
    ['a user the owner follows', (u: ReturnType<typeof arrange>['unitOfWork']) => u.setFollow(ALICE, BOB, active())],
    ['a follower of the owner', (u: ReturnType<typeof arrange>['unitOfWork']) => u.setFollow(BOB, ALICE, active())],
  ])('adds %s and writes CircleMemberAdded', async (_label, relate) => {
    const { unitOfWork, add } = arrange();
    relate(unitOfWork);

    expect(await add.execute(asAlice(bobIntoCircle))).toEqual({ id: CIRCLE_ID, ownerId: ALICE, name: 'Close friends' });

    expect(unitOfWork.membership(CIRCLE_ID, BOB)).toEqual({ state: 'ACTIVE', version: 1, since: T1, createdAt: T1 });
    expect(unitOfWork.events()).toEqual([
      { type: 'CircleMemberAdded', circleId: CIRCLE_ID, ownerId: ALICE, memberId: BOB, version: 1, occurredAt: T1 },
    ]);
  });

  it('is idempotent for a current member', async () => {
    const { unitOfWork, add } = arrange();
    unitOfWork.setFollow(ALICE, BOB, active());

    await add.execute(asAlice(bobIntoCircle));
    await add.execute(asAlice(bobIntoCircle));

    expect(unitOfWork.events()).toHaveLength(1);
  });

  it.each([
    ['nobody follows anybody', () => {}],
    ['the follow ended', (u: ReturnType<typeof arrange>['unitOfWork']) => u.setFollow(ALICE, BOB, removed())],
  ])('is FORBIDDEN (NO_RELATION) when %s', async (_label, relate) => {
    const { unitOfWork, add } = arrange();
    relate(unitOfWork);

    expect(await rejection(add.execute(asAlice(bobIntoCircle)))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SOCIAL.NO_RELATION',
      field: 'userId',
    });
    expect(unitOfWork.membership(CIRCLE_ID, BOB)).toBeUndefined();
  });

  it('refuses the owner themself as NO_RELATION', async () => {
    const { add } = arrange();

    expect(await rejection(add.execute(asAlice({ circleId: CIRCLE_ID, userId: ALICE })))).toMatchObject({ reason: 'SOCIAL.NO_RELATION' });
  });

  it('refuses a member beyond the limit', async () => {
    const { unitOfWork, add } = arrange();
    unitOfWork.setFollow(ALICE, BOB, active());
    for (let index = 0; index < MAX_MEMBERS_PER_CIRCLE; index++) {
      unitOfWork.setMembership(CIRCLE_ID, `01935f0e-7a3c-7000-8000-${String(index).padStart(12, 'e')}`, active());
    }

    expect(await rejection(add.execute(asAlice(bobIntoCircle)))).toMatchObject({ code: 'FORBIDDEN', reason: 'SOCIAL.CIRCLE_FULL' });
  });

  it("is NOT_FOUND for someone else's circle, before any relation check", async () => {
    const { unitOfWork, add } = arrange();
    unitOfWork.setFollow(BOB, CAROL, active());

    expect(await rejection(add.execute(asViewer(BOB, { circleId: CIRCLE_ID, userId: CAROL })))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'SOCIAL.CIRCLE_NOT_FOUND',
    });
    expect(unitOfWork.membership(CIRCLE_ID, CAROL)).toBeUndefined();
  });

  it.each([
    [{ circleId: CIRCLE_ID, userId: 'bob' }, 'userId'],
    [{ circleId: 'circle', userId: BOB }, 'circleId'],
  ])('refuses %j as BAD_USER_INPUT on %s', async (input, field) => {
    const { add } = arrange();

    expect(await rejection(add.execute(asAlice(input)))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field });
  });
});

describe('RemoveFromCircle', () => {
  it('removes a member with the next version and writes CircleMemberRemoved; again is a no-op', async () => {
    const { unitOfWork, add, removeMember } = arrange();
    unitOfWork.setFollow(ALICE, BOB, active());
    await add.execute(asAlice(bobIntoCircle));

    await removeMember.execute(asAlice(bobIntoCircle));
    await removeMember.execute(asAlice(bobIntoCircle));

    expect(unitOfWork.membership(CIRCLE_ID, BOB)).toMatchObject({ state: 'REMOVED', version: 2 });
    expect(unitOfWork.events().map((event) => [event.type, event.version])).toEqual([
      ['CircleMemberAdded', 1],
      ['CircleMemberRemoved', 2],
    ]);
  });

  it("is NOT_FOUND for someone else's circle", async () => {
    const { unitOfWork, removeMember } = arrange();
    unitOfWork.setMembership(CIRCLE_ID, BOB, active());

    expect(await rejection(removeMember.execute(asViewer(BOB, bobIntoCircle)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(unitOfWork.membership(CIRCLE_ID, BOB)?.state).toBe('ACTIVE');
  });
});
