import { describe, expect, it } from 'vitest';
import { ALICE, CIRCLE_1, POST_1 } from '../../test/support/people';
import { audienceOf, nextPostAccess, type PostAccessChange, type PostAccessState } from './post-access';

const published: PostAccessChange = {
  kind: 'access',
  postId: POST_1,
  authorId: ALICE,
  visibility: 'PUBLIC',
  circleIds: [],
  commentsDisabled: false,
  version: 1,
  publishedAt: new Date('2026-01-01T00:00:00Z'),
};
const toCircle: PostAccessChange = {
  kind: 'access',
  postId: POST_1,
  authorId: ALICE,
  visibility: 'CIRCLE',
  circleIds: [CIRCLE_1],
  commentsDisabled: false,
  version: 3,
};
const commentsOff: PostAccessChange = {
  kind: 'access',
  postId: POST_1,
  authorId: ALICE,
  visibility: 'CIRCLE',
  circleIds: [CIRCLE_1],
  commentsDisabled: true,
  version: 4,
};
const deleted: PostAccessChange = { kind: 'deleted', postId: POST_1, authorId: ALICE };

function after(changes: PostAccessChange[]): PostAccessState | undefined {
  return changes.reduce<PostAccessState | undefined>((state, change) => nextPostAccess(state, change), undefined);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('nextPostAccess (last writer wins per post, deletion terminal)', () => {
  it('converges on the newest access state whatever the arrival order', () => {
    for (const order of permutations([published, toCircle, commentsOff])) {
      const state = after(order)!;
      expect(state).toMatchObject({ visibility: 'CIRCLE', circleIds: [CIRCLE_1], commentsDisabled: true, version: 4, deleted: false });
      expect(state.publishedAt).toEqual(published.kind === 'access' ? published.publishedAt : null);
    }
  });

  it('keeps the post unknown to readers until its publication arrived', () => {
    expect(audienceOf(after([toCircle]))).toBeNull();
    expect(audienceOf(after([toCircle, published]))).toEqual({ authorId: ALICE, visibility: 'CIRCLE', circleIds: [CIRCLE_1] });
  });

  it('treats a deletion as terminal, and ends in the same row whatever the order', () => {
    const rows = permutations([published, toCircle, commentsOff, deleted]).map((order) => after(order)!);
    for (const state of rows) {
      expect(state.deleted).toBe(true);
      expect(audienceOf(state)).toBeNull();
    }
    expect(new Set(rows.map((state) => JSON.stringify(state))).size).toBe(1);
  });
});
