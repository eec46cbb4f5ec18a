import { describe, expect, it } from 'vitest';
import { UserReaction } from './reaction.aggregate';
import type { ReactionSubject } from './subject';

const USER = '01900000-0000-7000-8000-000000000001';
const post: ReactionSubject = {
  id: '01900000-0000-7000-8000-0000000000a1',
  type: 'POST',
  postId: '01900000-0000-7000-8000-0000000000a1',
  authorId: '01900000-0000-7000-8000-000000000002',
};
const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute));

describe('UserReaction (one reaction per user per subject)', () => {
  it('records the first reaction with no previous kind at version 1', () => {
    const reaction = UserReaction.none(USER, post, t(0));
    expect(reaction.react('LIKE', post, t(1))).toBe(true);
    expect(reaction.pullEvents()).toEqual([
      { type: 'ReactionSet', subject: post, userId: USER, kind: 'LIKE', previousKind: null, version: 1, occurredAt: t(1) },
    ]);
    expect(reaction.snapshot()).toMatchObject({ kind: 'LIKE', version: 1, createdAt: t(0), updatedAt: t(1) });
  });

  it('replaces another kind and says which one it replaced', () => {
    const reaction = UserReaction.none(USER, post, t(0));
    reaction.react('LIKE', post, t(1));
    reaction.pullEvents();
    expect(reaction.react('LAUGH', post, t(2))).toBe(true);
    expect(reaction.pullEvents()).toEqual([
      expect.objectContaining({ type: 'ReactionSet', kind: 'LAUGH', previousKind: 'LIKE', version: 2 }),
    ]);
  });

  it('changes nothing when the same kind is given again', () => {
    const reaction = UserReaction.restore({ userId: USER, subject: post, kind: 'WOW', version: 3, createdAt: t(0), updatedAt: t(1) });
    expect(reaction.react('WOW', post, t(2))).toBe(false);
    expect(reaction.pullEvents()).toEqual([]);
    expect(reaction.version).toBe(3);
  });

  it('withdraws the reaction, keeping the version growing for a later one', () => {
    const reaction = UserReaction.restore({ userId: USER, subject: post, kind: 'SAD', version: 2, createdAt: t(0), updatedAt: t(1) });
    expect(reaction.withdraw(t(2))).toBe(true);
    expect(reaction.pullEvents()).toEqual([
      { type: 'ReactionRemoved', subject: post, userId: USER, previousKind: 'SAD', version: 3, occurredAt: t(2) },
    ]);
    expect(reaction.kind).toBeNull();
    expect(reaction.withdraw(t(3))).toBe(false);
    expect(reaction.pullEvents()).toEqual([]);
    reaction.react('SAD', post, t(4));
    expect(reaction.pullEvents()).toEqual([expect.objectContaining({ kind: 'SAD', previousKind: null, version: 4 })]);
  });

  it('has nothing to withdraw before any reaction', () => {
    const reaction = UserReaction.none(USER, post, t(0));
    expect(reaction.withdraw(t(1))).toBe(false);
    expect(reaction.version).toBe(0);
  });
});
