import { describe, expect, it } from 'vitest';
import { MAX_CIRCLES_PER_OWNER } from '../../domain/circle';
import { ALICE, BOB, T1, aCircleState } from '../../domain/social.mother';
import { asAlice, asViewer, rejection, setup } from '../testing/handlers.mother';
import { createCircle } from './create-circle.command';

function arrange() {
  const deps = setup();
  return { ...deps, create: deps.commands.bind(createCircle) };
}

describe('CreateCircle', () => {
  it("creates an empty circle of the viewer's with a trimmed name and writes CircleCreated", async () => {
    const { unitOfWork, create } = arrange();

    const view = await create.execute(asAlice({ name: '  Close friends ' }));

    expect(view).toEqual({ id: expect.any(String), ownerId: ALICE, name: 'Close friends' });
    expect(unitOfWork.tables.circles.get(view.id)).toMatchObject({ ownerId: ALICE, name: 'Close friends', version: 1 });
    expect(unitOfWork.outbox).toEqual([
      {
        event: { type: 'CircleCreated', circleId: view.id, ownerId: ALICE, name: 'Close friends', version: 1, occurredAt: T1 },
        metadata: { correlationId: 'req-1', causationId: null, actorId: ALICE },
      },
    ]);
  });

  it('refuses a name the viewer already uses, ignoring case, but not one another owner uses', async () => {
    const { unitOfWork, create } = arrange();
    await create.execute(asAlice({ name: 'Family' }));

    expect(await rejection(create.execute(asAlice({ name: ' FAMILY ' })))).toMatchObject({
      code: 'CONFLICT',
      reason: 'SOCIAL.CIRCLE_NAME_TAKEN',
      field: 'name',
    });
    await create.execute(asViewer(BOB, { name: 'Family' }));
    expect(unitOfWork.events()).toHaveLength(2);
  });

  it(`refuses a circle beyond ${MAX_CIRCLES_PER_OWNER}`, async () => {
    const { unitOfWork, create } = arrange();
    for (let index = 0; index < MAX_CIRCLES_PER_OWNER; index++) {
      const id = `01935f0e-7a3c-7000-8000-${String(index).padStart(12, 'f')}`;
      unitOfWork.tables.circles.set(id, aCircleState({ id, name: `circle ${index}` }));
    }

    expect(await rejection(create.execute(asAlice({ name: 'one too many' })))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SOCIAL.CIRCLE_LIMIT_REACHED',
    });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it.each([
    ['a blank name', { name: '   ' }],
    ['a 51-character name', { name: 'n'.repeat(51) }],
    ['no name', {}],
  ])('refuses %s as BAD_USER_INPUT on name', async (_label, input) => {
    const { unitOfWork, create } = arrange();

    expect(await rejection(create.execute(asAlice(input)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SOCIAL.INVALID_INPUT',
      field: 'name',
    });
    expect(unitOfWork.tables.circles.size).toBe(0);
  });

  it.each([
    ['a control character', 'fam\u0008ily', 'SOCIAL.CONTROL_CHARACTER'],
    ['a bidi isolate', 'fam\u2067ily', 'SOCIAL.BIDI_CONTROL'],
    ['only zero-width characters', '\u200B\u200D', 'SOCIAL.INVISIBLE_TEXT'],
  ])('refuses a name with %s (the shared user-text rule) and writes nothing', async (_label, name, reason) => {
    const { unitOfWork, create } = arrange();

    expect(await rejection(create.execute(asAlice({ name })))).toMatchObject({ code: 'BAD_USER_INPUT', reason, field: 'name' });
    expect(unitOfWork.tables.circles.size).toBe(0);
    expect(unitOfWork.outbox).toEqual([]);
  });
});
