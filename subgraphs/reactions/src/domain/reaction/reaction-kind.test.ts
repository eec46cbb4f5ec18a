import { describe, expect, it } from 'vitest';
import { isReactionKind, reactionTotals, REACTION_KINDS } from './reaction-kind';

describe('reaction kinds', () => {
  it('lists the six kinds in the API order', () => {
    expect(REACTION_KINDS).toEqual(['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY']);
    expect(isReactionKind('LOVE')).toBe(true);
    expect(isReactionKind('love')).toBe(false);
    expect(isReactionKind(undefined)).toBe(false);
  });

  it('orders totals by kind, omits zero counts and adds duplicates up', () => {
    expect(
      reactionTotals([
        { kind: 'ANGRY', count: 1 },
        { kind: 'LIKE', count: 3 },
        { kind: 'WOW', count: 0 },
        { kind: 'LAUGH', count: 2 },
        { kind: 'LIKE', count: 1 },
      ]),
    ).toEqual([
      { kind: 'LIKE', count: 4 },
      { kind: 'LAUGH', count: 2 },
      { kind: 'ANGRY', count: 1 },
    ]);
    expect(reactionTotals([])).toEqual([]);
  });
});
