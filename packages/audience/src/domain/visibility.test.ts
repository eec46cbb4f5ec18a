import { describe, expect, it } from 'vitest';
import { NO_SOCIAL_FACTS, canView, type SocialFacts } from './visibility';
import { ALICE, BOB, CIRCLE_1 } from '../../test/support/people';

const CAROL = '01900000-0000-7000-8000-0000000ca201';
const OTHER_CIRCLE = '01900000-0000-7000-8000-0000000c1c02';

function facts(options: { follows?: [string, string][]; blocks?: [string, string][]; circles?: [string, string, string][] }): SocialFacts {
  return {
    follows: (a, b) => (options.follows ?? []).some(([f, e]) => f === a && e === b),
    blockedEitherWay: (a, b) => (options.blocks ?? []).some(([x, y]) => (x === a && y === b) || (x === b && y === a)),
    inCircle: (c, o, m) => (options.circles ?? []).some(([cc, oo, mm]) => cc === c && oo === o && mm === m),
  };
}

describe('canView', () => {
  const post = (visibility: 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE') => ({
    authorId: ALICE,
    visibility,
    circleIds: visibility === 'CIRCLE' ? [CIRCLE_1] : [],
  });

  it('shows PUBLIC posts to everyone, signed in or not', () => {
    expect(canView(post('PUBLIC'), null, NO_SOCIAL_FACTS)).toBe(true);
    expect(canView(post('PUBLIC'), { userId: BOB }, NO_SOCIAL_FACTS)).toBe(true);
  });

  it('authors always see their own posts, whatever the facts', () => {
    const everything = facts({ blocks: [[ALICE, ALICE]] });
    for (const visibility of ['PUBLIC', 'FOLLOWERS', 'CIRCLE'] as const) {
      expect(canView(post(visibility), { userId: ALICE }, NO_SOCIAL_FACTS)).toBe(true);
      expect(canView(post(visibility), { userId: ALICE }, everything)).toBe(true);
    }
  });

  it("FOLLOWERS: only the author's followers (not the people the author follows, not anonymous readers)", () => {
    expect(canView(post('FOLLOWERS'), { userId: BOB }, facts({ follows: [[BOB, ALICE]] }))).toBe(true);
    expect(canView(post('FOLLOWERS'), { userId: BOB }, facts({ follows: [[ALICE, BOB]] }))).toBe(false);
    expect(canView(post('FOLLOWERS'), { userId: BOB }, NO_SOCIAL_FACTS)).toBe(false);
    expect(canView(post('FOLLOWERS'), null, facts({ follows: [[BOB, ALICE]] }))).toBe(false);
  });

  it("CIRCLE: members of one of the post's circles owned by the author", () => {
    expect(canView(post('CIRCLE'), { userId: BOB }, facts({ circles: [[CIRCLE_1, ALICE, BOB]] }))).toBe(true);
    expect(canView(post('CIRCLE'), { userId: BOB }, facts({ circles: [[OTHER_CIRCLE, ALICE, BOB]] }))).toBe(false);
    // The same circle id owned by someone else does not count.
    expect(canView(post('CIRCLE'), { userId: BOB }, facts({ circles: [[CIRCLE_1, CAROL, BOB]] }))).toBe(false);
    // Following is not enough for a CIRCLE post.
    expect(canView(post('CIRCLE'), { userId: BOB }, facts({ follows: [[BOB, ALICE]] }))).toBe(false);
    expect(canView(post('CIRCLE'), null, facts({ circles: [[CIRCLE_1, ALICE, BOB]] }))).toBe(false);
  });

  it('a block in either direction hides every post, PUBLIC included, and beats follows and circles', () => {
    const related = { follows: [[BOB, ALICE]] as [string, string][], circles: [[CIRCLE_1, ALICE, BOB]] as [string, string, string][] };
    for (const block of [
      [ALICE, BOB],
      [BOB, ALICE],
    ] as [string, string][]) {
      const f = facts({ ...related, blocks: [block] });
      for (const visibility of ['PUBLIC', 'FOLLOWERS', 'CIRCLE'] as const) {
        expect(canView(post(visibility), { userId: BOB }, f)).toBe(false);
      }
      // A third party is not affected, and anonymous readers still see PUBLIC posts.
      expect(canView(post('PUBLIC'), { userId: CAROL }, f)).toBe(true);
      expect(canView(post('PUBLIC'), null, f)).toBe(true);
    }
  });
});
