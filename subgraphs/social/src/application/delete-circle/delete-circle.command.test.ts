import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CIRCLE_ID, T1, aCircleState, active } from '../../domain/social.mother';
import { asAlice, asViewer, rejection, setup } from '../testing/handlers.mother';
import { deleteCircle } from './delete-circle.command';

function arrange() {
  const deps = setup();
  deps.unitOfWork.tables.circles.set(CIRCLE_ID, aCircleState({ version: 2 }));
  deps.unitOfWork.setMembership(CIRCLE_ID, BOB, active());
  return { ...deps, remove: deps.commands.bind(deleteCircle) };
}

describe('DeleteCircle', () => {
  it('deletes the circle and its memberships with one CircleDeleted event', async () => {
    const { unitOfWork, remove } = arrange();

    expect(await remove.execute(asAlice({ circleId: CIRCLE_ID }))).toBe(true);

    expect(unitOfWork.tables.circles.has(CIRCLE_ID)).toBe(false);
    expect(unitOfWork.tables.members.size).toBe(0);
    expect(unitOfWork.events()).toEqual([{ type: 'CircleDeleted', circleId: CIRCLE_ID, ownerId: ALICE, version: 3, occurredAt: T1 }]);
  });

  it("is NOT_FOUND for someone else's circle, and for one already deleted", async () => {
    const { unitOfWork, remove } = arrange();

    expect(await rejection(remove.execute(asViewer(BOB, { circleId: CIRCLE_ID })))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'SOCIAL.CIRCLE_NOT_FOUND',
    });
    expect(unitOfWork.tables.circles.has(CIRCLE_ID)).toBe(true);

    await remove.execute(asAlice({ circleId: CIRCLE_ID }));
    expect(await rejection(remove.execute(asAlice({ circleId: CIRCLE_ID })))).toMatchObject({ code: 'NOT_FOUND' });
    expect(unitOfWork.events()).toHaveLength(1);
  });
});
