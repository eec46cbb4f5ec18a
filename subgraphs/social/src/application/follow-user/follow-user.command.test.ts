import { describe, expect, it } from 'vitest';
import { ALICE, BOB, T1, active } from '../../domain/social.mother';
import { asAlice, rejection, setup } from '../testing/handlers.mother';
import { unfollowUser } from '../unfollow-user/unfollow-user.command';
import { followUser } from './follow-user.command';

function arrange() {
  const deps = setup();
  deps.unitOfWork.knowAccount(ALICE);
  deps.unitOfWork.knowAccount(BOB);
  return { ...deps, follow: deps.commands.bind(followUser), unfollow: deps.commands.bind(unfollowUser) };
}

describe('FollowUser', () => {
  it('follows a known user, returns them and writes FollowCreated with the request metadata', async () => {
    const { unitOfWork, follow } = arrange();

    expect(await follow.execute(asAlice({ userId: BOB }))).toEqual({ id: BOB });

    expect(unitOfWork.follow(ALICE, BOB)).toEqual({ state: 'ACTIVE', version: 1, since: T1, createdAt: T1 });
    expect(unitOfWork.outbox).toEqual([
      {
        event: { type: 'FollowCreated', followerId: ALICE, followeeId: BOB, version: 1, occurredAt: T1 },
        metadata: { correlationId: 'req-1', causationId: null, actorId: ALICE },
      },
    ]);
  });

  it('is idempotent: a second follow writes no second event', async () => {
    const { unitOfWork, follow } = arrange();

    await follow.execute(asAlice({ userId: BOB }));
    await follow.execute(asAlice({ userId: BOB }));

    expect(unitOfWork.events()).toHaveLength(1);
    expect(unitOfWork.follow(ALICE, BOB)?.version).toBe(1);
  });

  it('accepts an upper-case id and works with the canonical one', async () => {
    const { unitOfWork, follow } = arrange();

    expect(await follow.execute(asAlice({ userId: BOB.toUpperCase() }))).toEqual({ id: BOB });
    expect(unitOfWork.follow(ALICE, BOB)?.state).toBe('ACTIVE');
  });

  it.each([
    ['yourself', { userId: ALICE }, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.CANNOT_FOLLOW_SELF', field: 'userId' }],
    ['a malformed id', { userId: 'bob' }, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field: 'userId' }],
    ['a missing id', {}, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field: 'userId' }],
    [
      'an unknown user',
      { userId: '01935f0e-7a3c-7000-8000-0000000dead0' },
      { code: 'NOT_FOUND', reason: 'SOCIAL.USER_NOT_FOUND', field: 'userId' },
    ],
  ])('refuses to follow %s', async (_label, input, expected) => {
    const { unitOfWork, follow } = arrange();

    expect(await rejection(follow.execute(asAlice(input)))).toMatchObject(expected);
    expect(unitOfWork.outbox).toEqual([]);
    expect(unitOfWork.tables.follows.size).toBe(0);
  });

  it('is FORBIDDEN across a block in either direction', async () => {
    const { unitOfWork, follow } = arrange();
    unitOfWork.tables.blocks.set(`${BOB}>${ALICE}`, active());

    expect(await rejection(follow.execute(asAlice({ userId: BOB })))).toMatchObject({ code: 'FORBIDDEN', reason: 'SOCIAL.BLOCKED' });
    expect(unitOfWork.follow(ALICE, BOB)).toBeUndefined();
  });
});

describe('UnfollowUser', () => {
  it('ends the follow with the next version and writes FollowRemoved', async () => {
    const { unitOfWork, follow, unfollow } = arrange();
    await follow.execute(asAlice({ userId: BOB }));

    expect(await unfollow.execute(asAlice({ userId: BOB }))).toEqual({ id: BOB });

    expect(unitOfWork.follow(ALICE, BOB)).toMatchObject({ state: 'REMOVED', version: 2 });
    expect(unitOfWork.events().map((event) => [event.type, event.version])).toEqual([
      ['FollowCreated', 1],
      ['FollowRemoved', 2],
    ]);
  });

  it('is idempotent: unfollowing someone not followed writes nothing', async () => {
    const { unitOfWork, unfollow } = arrange();

    expect(await unfollow.execute(asAlice({ userId: BOB }))).toEqual({ id: BOB });
    expect(unitOfWork.outbox).toEqual([]);
    expect(unitOfWork.tables.follows.size).toBe(0);
  });

  it('keeps one growing version across follow, unfollow and follow again', async () => {
    const { unitOfWork, follow, unfollow } = arrange();

    await follow.execute(asAlice({ userId: BOB }));
    await unfollow.execute(asAlice({ userId: BOB }));
    await follow.execute(asAlice({ userId: BOB }));

    expect(unitOfWork.events().map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it('refuses yourself and unknown users', async () => {
    const { unfollow } = arrange();

    expect(await rejection(unfollow.execute(asAlice({ userId: ALICE })))).toMatchObject({ reason: 'SOCIAL.CANNOT_FOLLOW_SELF' });
    expect(await rejection(unfollow.execute(asAlice({ userId: '01935f0e-7a3c-7000-8000-0000000dead0' })))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
