import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CIRCLE_ID, T1, aCircleState } from '../../domain/social.mother';
import { asAlice, asViewer, rejection, setup } from '../testing/handlers.mother';
import { renameCircle } from './rename-circle.command';

const OTHER_CIRCLE = '01935f0e-7a3c-7000-8000-00000000c0ff';

function arrange() {
  const deps = setup();
  deps.unitOfWork.tables.circles.set(CIRCLE_ID, aCircleState({ name: 'Close friends' }));
  deps.unitOfWork.tables.circles.set(OTHER_CIRCLE, aCircleState({ id: OTHER_CIRCLE, name: 'Family' }));
  return { ...deps, rename: deps.commands.bind(renameCircle) };
}

describe('RenameCircle', () => {
  it('renames the circle with the next version and writes CircleRenamed', async () => {
    const { unitOfWork, rename } = arrange();

    expect(await rename.execute(asAlice({ circleId: CIRCLE_ID, name: ' Besties ' }))).toEqual({
      id: CIRCLE_ID,
      ownerId: ALICE,
      name: 'Besties',
    });

    expect(unitOfWork.tables.circles.get(CIRCLE_ID)).toMatchObject({ name: 'Besties', version: 2, updatedAt: T1 });
    expect(unitOfWork.events()).toEqual([
      { type: 'CircleRenamed', circleId: CIRCLE_ID, ownerId: ALICE, name: 'Besties', version: 2, occurredAt: T1 },
    ]);
  });

  it('may change only the case of its own name, and writes nothing for the same name', async () => {
    const { unitOfWork, rename } = arrange();

    await rename.execute(asAlice({ circleId: CIRCLE_ID, name: 'Close friends' }));
    expect(unitOfWork.events()).toEqual([]);
    await rename.execute(asAlice({ circleId: CIRCLE_ID, name: 'CLOSE FRIENDS' }));
    expect(unitOfWork.events()).toEqual([expect.objectContaining({ name: 'CLOSE FRIENDS' })]);
  });

  it("refuses another circle's name", async () => {
    const { unitOfWork, rename } = arrange();

    expect(await rejection(rename.execute(asAlice({ circleId: CIRCLE_ID, name: 'family' })))).toMatchObject({
      code: 'CONFLICT',
      reason: 'SOCIAL.CIRCLE_NAME_TAKEN',
    });
    expect(unitOfWork.tables.circles.get(CIRCLE_ID)?.name).toBe('Close friends');
  });

  it("is NOT_FOUND for someone else's circle and for a missing one", async () => {
    const { unitOfWork, rename } = arrange();

    for (const command of [
      asViewer(BOB, { circleId: CIRCLE_ID, name: 'mine now' }),
      asAlice({ circleId: '01935f0e-7a3c-7000-8000-000000000000', name: 'x' }),
    ]) {
      expect(await rejection(rename.execute(command))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'SOCIAL.CIRCLE_NOT_FOUND',
        field: 'circleId',
      });
    }
    expect(unitOfWork.outbox).toEqual([]);
  });

  it.each([
    [{ circleId: 'nope', name: 'x' }, 'circleId'],
    [{ circleId: CIRCLE_ID, name: '' }, 'name'],
  ])('refuses %j as BAD_USER_INPUT on %s', async (input, field) => {
    const { rename } = arrange();

    expect(await rejection(rename.execute(asAlice(input)))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
