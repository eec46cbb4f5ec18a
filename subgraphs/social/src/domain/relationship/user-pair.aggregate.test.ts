import { describe, expect, it } from 'vitest';
import { ALICE, BOB, T0, T1, aPair, active, removed } from '../social.mother';
import { UserPair } from './user-pair.aggregate';

describe('UserPair.follow', () => {
  it('starts a follow at version 1 and records FollowCreated', () => {
    const pair = aPair();

    expect(pair.follow(T1)).toBe(true);

    expect(pair.snapshot().following).toEqual({ state: 'ACTIVE', version: 1, since: T1, createdAt: T1 });
    expect(pair.pullEvents()).toEqual([{ type: 'FollowCreated', followerId: ALICE, followeeId: BOB, version: 1, occurredAt: T1 }]);
    expect(pair.pullChanges()).toEqual([
      { kind: 'follow', fromId: ALICE, toId: BOB, previousVersion: 0, next: { state: 'ACTIVE', version: 1, since: T1, createdAt: T1 } },
    ]);
  });

  it('is a no-op when already following', () => {
    const pair = aPair({ following: active() });

    expect(pair.follow(T1)).toBe(false);

    expect(pair.pullEvents()).toEqual([]);
    expect(pair.pullChanges()).toEqual([]);
  });

  it('continues the version of an ended follow instead of starting over', () => {
    const pair = aPair({ following: removed({ version: 4 }) });

    pair.follow(T1);

    expect(pair.snapshot().following).toEqual({ state: 'ACTIVE', version: 5, since: T1, createdAt: T0 });
    expect(pair.pullEvents()).toEqual([expect.objectContaining({ type: 'FollowCreated', version: 5 })]);
  });

  it.each([
    ['the actor blocked the other', { blocking: active() }],
    ['the other blocked the actor', { blockedBy: active() }],
  ])('is FORBIDDEN when %s', (_label, state) => {
    const pair = aPair(state);

    expect(() => pair.follow(T1)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', reason: 'SOCIAL.BLOCKED' }));
    expect(pair.pullEvents()).toEqual([]);
  });

  it('is allowed again once an old block was lifted', () => {
    const pair = aPair({ blockedBy: removed() });

    expect(pair.follow(T1)).toBe(true);
  });
});

describe('UserPair.unfollow', () => {
  it('ends the follow with the next version and records FollowRemoved', () => {
    const pair = aPair({ following: active({ version: 3 }) });

    expect(pair.unfollow(T1)).toBe(true);

    expect(pair.snapshot().following).toEqual({ state: 'REMOVED', version: 4, since: T1, createdAt: T0 });
    expect(pair.pullEvents()).toEqual([{ type: 'FollowRemoved', followerId: ALICE, followeeId: BOB, version: 4, occurredAt: T1 }]);
  });

  it('is a no-op when not following, even when followed by the other', () => {
    const pair = aPair({ followedBy: active(), following: removed() });

    expect(pair.unfollow(T1)).toBe(false);
    expect(pair.pullEvents()).toEqual([]);
  });
});

describe('UserPair.block', () => {
  it('blocks and ends the follows both ways, block event first', () => {
    const pair = aPair({ following: active({ version: 1 }), followedBy: active({ version: 7 }) });

    pair.block(T1);

    expect(pair.snapshot()).toMatchObject({
      blocking: { state: 'ACTIVE', version: 1 },
      following: { state: 'REMOVED', version: 2 },
      followedBy: { state: 'REMOVED', version: 8 },
    });
    expect(pair.pullEvents()).toEqual([
      { type: 'BlockCreated', blockerId: ALICE, blockedId: BOB, version: 1, occurredAt: T1 },
      { type: 'FollowRemoved', followerId: ALICE, followeeId: BOB, version: 2, occurredAt: T1 },
      { type: 'FollowRemoved', followerId: BOB, followeeId: ALICE, version: 8, occurredAt: T1 },
    ]);
    expect(pair.related).toBe(false);
    expect(pair.eitherBlocks).toBe(true);
  });

  it('records only the block when nobody follows anybody', () => {
    const pair = aPair({ following: removed() });

    pair.block(T1);

    expect(pair.pullEvents().map((event) => event.type)).toEqual(['BlockCreated']);
  });

  it('is a CONFLICT the second time and changes nothing', () => {
    const pair = aPair({ blocking: active(), followedBy: active() });

    expect(() => pair.block(T1)).toThrow(expect.objectContaining({ code: 'CONFLICT', reason: 'SOCIAL.ALREADY_BLOCKED' }));
    expect(pair.snapshot().followedBy).toEqual(active());
    expect(pair.pullEvents()).toEqual([]);
  });

  it('may block someone who already blocked the actor', () => {
    const pair = aPair({ blockedBy: active() });

    pair.block(T1);

    expect(pair.pullEvents()).toEqual([expect.objectContaining({ type: 'BlockCreated', blockerId: ALICE })]);
  });
});

describe('UserPair.unblock', () => {
  it('lifts the block with the next version and does not restore follows', () => {
    const pair = aPair({ blocking: active({ version: 1 }), following: removed() });

    pair.unblock(T1);

    expect(pair.snapshot()).toMatchObject({ blocking: { state: 'REMOVED', version: 2 }, following: { state: 'REMOVED' } });
    expect(pair.pullEvents()).toEqual([{ type: 'BlockRemoved', blockerId: ALICE, blockedId: BOB, version: 2, occurredAt: T1 }]);
  });

  it.each([
    ['never blocked', {}],
    ['already unblocked', { blocking: removed() }],
    ['only blocked by the other', { blockedBy: active() }],
  ])('is NOT_FOUND when %s', (_label, state) => {
    const pair = aPair(state);

    expect(() => pair.unblock(T1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', reason: 'SOCIAL.NOT_BLOCKED' }));
  });
});

describe('UserPair', () => {
  it('refuses a pair of one user with themself', () => {
    expect(() =>
      UserPair.restore({ actorId: ALICE, otherId: ALICE, following: null, followedBy: null, blocking: null, blockedBy: null }),
    ).toThrow();
  });

  it('writes a relationship changed twice in one command once, from the stored version', () => {
    const pair = aPair({ following: active({ version: 2 }) });

    pair.unfollow(T1);
    pair.follow(T1);

    expect(pair.pullChanges()).toEqual([
      expect.objectContaining({ previousVersion: 2, next: expect.objectContaining({ version: 4, state: 'ACTIVE' }) }),
    ]);
    expect(pair.pullEvents().map((event) => event.version)).toEqual([3, 4]);
  });
});
