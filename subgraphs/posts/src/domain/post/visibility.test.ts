import { describe, expect, it } from 'vitest';
import { canView } from './visibility';
import { ALICE, BOB, CIRCLE_1 } from '../../../test/support/post.mother';

describe('canView', () => {
  const post = (visibility: 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE') => ({
    authorId: ALICE,
    visibility,
    circleIds: visibility === 'CIRCLE' ? [CIRCLE_1] : [],
  });

  it('shows PUBLIC posts to everyone, signed in or not', () => {
    expect(canView(post('PUBLIC'), null)).toBe(true);
    expect(canView(post('PUBLIC'), { userId: BOB })).toBe(true);
  });

  it('shows FOLLOWERS and CIRCLE posts only to their author (until the social replica exists)', () => {
    for (const visibility of ['FOLLOWERS', 'CIRCLE'] as const) {
      expect(canView(post(visibility), { userId: ALICE })).toBe(true);
      expect(canView(post(visibility), { userId: BOB })).toBe(false);
      expect(canView(post(visibility), null)).toBe(false);
    }
  });
});
