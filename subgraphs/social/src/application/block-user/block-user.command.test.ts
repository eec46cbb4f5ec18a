import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, T1, aCircleState, active } from '../../domain/social.mother';
import { asAlice, asViewer, rejection, setup } from '../testing/handlers.mother';
import { unblockUser } from '../unblock-user/unblock-user.command';
import { blockUser } from './block-user.command';

const ALICES_CIRCLE = '01935f0e-7a3c-7000-8000-00000000c001';
const ALICES_OTHER_CIRCLE = '01935f0e-7a3c-7000-8000-00000000c002';
const BOBS_CIRCLE = '01935f0e-7a3c-7000-8000-00000000c003';

function arrange() {
  const deps = setup();
  for (const id of [ALICE, BOB, CAROL]) deps.unitOfWork.knowAccount(id);
  return { ...deps, block: deps.commands.bind(blockUser), unblock: deps.commands.bind(unblockUser) };
}

describe('BlockUser', () => {
  it('blocks, ends the follows both ways and removes each from the other’s circles, with an event each', async () => {
    const { unitOfWork, block } = arrange();
    unitOfWork.setFollow(ALICE, BOB, active());
    unitOfWork.setFollow(BOB, ALICE, active({ version: 3 }));
    unitOfWork.tables.circles.set(ALICES_CIRCLE, aCircleState({ id: ALICES_CIRCLE, ownerId: ALICE, name: 'A' }));
    unitOfWork.tables.circles.set(ALICES_OTHER_CIRCLE, aCircleState({ id: ALICES_OTHER_CIRCLE, ownerId: ALICE, name: 'B' }));
    unitOfWork.tables.circles.set(BOBS_CIRCLE, aCircleState({ id: BOBS_CIRCLE, ownerId: BOB, name: 'C' }));
    unitOfWork.setMembership(ALICES_CIRCLE, BOB, active());
    unitOfWork.setMembership(ALICES_CIRCLE, CAROL, active());
    unitOfWork.setMembership(BOBS_CIRCLE, ALICE, active({ version: 5 }));

    expect(await block.execute(asAlice({ userId: BOB }))).toEqual({ id: BOB });

    expect(unitOfWork.block(ALICE, BOB)).toMatchObject({ state: 'ACTIVE', version: 1 });
    expect(unitOfWork.follow(ALICE, BOB)).toMatchObject({ state: 'REMOVED', version: 2 });
    expect(unitOfWork.follow(BOB, ALICE)).toMatchObject({ state: 'REMOVED', version: 4 });
    expect(unitOfWork.membership(ALICES_CIRCLE, BOB)).toMatchObject({ state: 'REMOVED', version: 2 });
    expect(unitOfWork.membership(BOBS_CIRCLE, ALICE)).toMatchObject({ state: 'REMOVED', version: 6 });
    // Carol is untouched.
    expect(unitOfWork.membership(ALICES_CIRCLE, CAROL)).toMatchObject({ state: 'ACTIVE', version: 1 });
    const events = unitOfWork.events();
    expect(events[0]).toEqual({ type: 'BlockCreated', blockerId: ALICE, blockedId: BOB, version: 1, occurredAt: T1 });
    expect(events.slice(1)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'FollowRemoved', followerId: ALICE, followeeId: BOB, version: 2 }),
        expect.objectContaining({ type: 'FollowRemoved', followerId: BOB, followeeId: ALICE, version: 4 }),
        { type: 'CircleMemberRemoved', circleId: ALICES_CIRCLE, ownerId: ALICE, memberId: BOB, version: 2, occurredAt: T1 },
        { type: 'CircleMemberRemoved', circleId: BOBS_CIRCLE, ownerId: BOB, memberId: ALICE, version: 6, occurredAt: T1 },
      ]),
    );
    expect(events).toHaveLength(5);
    expect(new Set(unitOfWork.outbox.map((entry) => entry.metadata.correlationId))).toEqual(new Set(['req-1']));
  });

  it('is a CONFLICT the second time and writes nothing', async () => {
    const { unitOfWork, block } = arrange();
    await block.execute(asAlice({ userId: BOB }));

    expect(await rejection(block.execute(asAlice({ userId: BOB })))).toMatchObject({ code: 'CONFLICT', reason: 'SOCIAL.ALREADY_BLOCKED' });
    expect(unitOfWork.events()).toHaveLength(1);
  });

  it('lets both block each other', async () => {
    const { unitOfWork, block } = arrange();

    await block.execute(asAlice({ userId: BOB }));
    await block.execute(asViewer(BOB, { userId: ALICE }));

    expect(unitOfWork.block(ALICE, BOB)?.state).toBe('ACTIVE');
    expect(unitOfWork.block(BOB, ALICE)?.state).toBe('ACTIVE');
  });

  it.each([
    ['yourself', { userId: ALICE }, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.CANNOT_BLOCK_SELF', field: 'userId' }],
    ['a malformed id', { userId: 42 }, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field: 'userId' }],
    ['an unknown user', { userId: '01935f0e-7a3c-7000-8000-0000000dead0' }, { code: 'NOT_FOUND', reason: 'SOCIAL.USER_NOT_FOUND' }],
  ])('refuses to block %s', async (_label, input, expected) => {
    const { unitOfWork, block } = arrange();

    expect(await rejection(block.execute(asAlice(input)))).toMatchObject(expected);
    expect(unitOfWork.outbox).toEqual([]);
  });
});

describe('UnblockUser', () => {
  it('lifts the block with the next version and leaves the ended follows ended', async () => {
    const { unitOfWork, block, unblock } = arrange();
    unitOfWork.setFollow(ALICE, BOB, active());
    await block.execute(asAlice({ userId: BOB }));

    expect(await unblock.execute(asAlice({ userId: BOB }))).toEqual({ id: BOB });

    expect(unitOfWork.block(ALICE, BOB)).toMatchObject({ state: 'REMOVED', version: 2 });
    expect(unitOfWork.follow(ALICE, BOB)?.state).toBe('REMOVED');
    expect(unitOfWork.events().at(-1)).toEqual({ type: 'BlockRemoved', blockerId: ALICE, blockedId: BOB, version: 2, occurredAt: T1 });
  });

  it('is NOT_FOUND when the viewer has not blocked the user, even if blocked by them', async () => {
    const { unitOfWork, block, unblock } = arrange();
    await block.execute(asViewer(BOB, { userId: ALICE }));

    expect(await rejection(unblock.execute(asAlice({ userId: BOB })))).toMatchObject({ code: 'NOT_FOUND', reason: 'SOCIAL.NOT_BLOCKED' });
    expect(unitOfWork.block(BOB, ALICE)?.state).toBe('ACTIVE');
  });

  it('refuses yourself', async () => {
    const { unblock } = arrange();

    expect(await rejection(unblock.execute(asAlice({ userId: ALICE })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SOCIAL.CANNOT_BLOCK_SELF',
    });
  });
});
