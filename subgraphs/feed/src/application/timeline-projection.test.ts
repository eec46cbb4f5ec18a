import { describe, expect, it } from 'vitest';
import type { PostAccessChange, SocialChange } from '@agora/audience';
import { BackfillWindow, TimelineFacts } from '../domain/timeline/timeline-rule';
import { InMemoryTimelineStore } from './testing/in-memory-timeline.store';
import { projectPostAccessChange, projectSocialChange } from './timeline-projection';

const id = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const [ALICE, BOB, CAROL, DAVE] = [id(1), id(2), id(3), id(4)];
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-01T00:00:00.000Z').getTime();
const at = (days: number) => new Date(T0 + days * DAY);
const window = BackfillWindow.ofDays(30);

type Change = { social: SocialChange } | { post: PostAccessChange };
const follow = (followerId: string, followeeId: string, version: number, active: boolean, days: number): Change => ({
  social: { kind: 'follow', followerId, followeeId, version, active, at: at(days) },
});
const publish = (postId: string, authorId: string, days: number, visibility: 'PUBLIC' | 'FOLLOWERS' | 'CIRCLE' = 'PUBLIC'): Change => ({
  post: {
    kind: 'access',
    postId,
    authorId,
    visibility,
    circleIds: visibility === 'CIRCLE' ? [id(900)] : [],
    commentsDisabled: false,
    version: 1,
    publishedAt: at(days),
  },
});

/** Projects one change; resolves to the rows that entered timelines live. */
function project(store: InMemoryTimelineStore, change: Change) {
  return 'social' in change ? projectSocialChange(store, change.social) : projectPostAccessChange(store, change.post);
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('timeline projection', () => {
  it('takes the author lock before touching the replica for follows, publications and deletions', async () => {
    const store = new InMemoryTimelineStore(window);
    await project(store, follow(BOB, ALICE, 1, true, 0));
    await project(store, publish(id(100), ALICE, 1));
    await project(store, { post: { kind: 'deleted', postId: id(100), authorId: ALICE } });
    expect(store.calls).toEqual([
      `lock ${ALICE}`,
      'record follow',
      'sync follow',
      `lock ${ALICE}`,
      'record access',
      'fan out',
      `lock ${ALICE}`,
      'record deleted',
      'remove post',
    ]);
  });

  it('only records facts that matter to visibility alone (blocks, circles, audience changes)', async () => {
    const store = new InMemoryTimelineStore(window);
    await project(store, { social: { kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true } });
    await project(store, { social: { kind: 'membership', circleId: id(900), ownerId: ALICE, memberId: BOB, version: 1, active: true } });
    await project(store, {
      post: { kind: 'access', postId: id(100), authorId: ALICE, visibility: 'CIRCLE', circleIds: [], commentsDisabled: false, version: 2 },
    });
    expect(store.calls).toEqual(['record block', 'record membership', 'record access']);
    expect(store.rows()).toEqual([]);
  });

  it('backfills on follow, prunes on unfollow and deletion, and ignores a stale re-delivery', async () => {
    const store = new InMemoryTimelineStore(window);
    await project(store, publish(id(100), ALICE, 0));
    await project(store, publish(id(101), ALICE, 20));
    await project(store, follow(BOB, ALICE, 1, true, 40)); // reaches day 10 on: only post 101
    expect(store.rows().map((r) => [r.ownerId, r.postId])).toEqual([
      [ALICE, id(101)],
      [ALICE, id(100)],
      [BOB, id(101)],
    ]);
    await project(store, follow(BOB, ALICE, 2, false, 41));
    expect(store.rows().filter((r) => r.ownerId === BOB)).toEqual([]);
    await project(store, follow(BOB, ALICE, 1, true, 40)); // the old "created" again: stale, nothing comes back
    expect(store.rows().filter((r) => r.ownerId === BOB)).toEqual([]);
    await project(store, follow(BOB, ALICE, 3, true, 42));
    await project(store, { post: { kind: 'deleted', postId: id(101), authorId: ALICE } });
    expect(store.rows().map((r) => [r.ownerId, r.postId])).toEqual([[ALICE, id(100)]]);
  });

  it('returns the rows that entered timelines live: a fan-out’s new rows, never a backfill’s', async () => {
    const store = new InMemoryTimelineStore(window);
    await project(store, follow(BOB, ALICE, 1, true, 0));
    const fannedOut = await project(store, publish(id(100), ALICE, 1));
    expect(fannedOut.map((row) => row.ownerId)).toEqual([ALICE, BOB]);
    expect(await project(store, publish(id(100), ALICE, 1))).toEqual([]); // rows there already

    await project(store, publish(id(101), CAROL, 2));
    expect(await project(store, follow(DAVE, CAROL, 1, true, 3))).toEqual([]);
    expect(store.rows().some((row) => row.ownerId === DAVE && row.postId === id(101))).toBe(true);
  });

  it('a deletion that overtook its publication keeps the post out of every timeline', async () => {
    const store = new InMemoryTimelineStore(window);
    await project(store, follow(BOB, ALICE, 1, true, 0));
    await project(store, { post: { kind: 'deleted', postId: id(100), authorId: ALICE } });
    await project(store, publish(id(100), ALICE, 1));
    expect(store.rows()).toEqual([]);
  });

  it('incremental projection equals the rule over the final facts, for any arrival order', async () => {
    const changes: Change[] = [
      publish(id(100), ALICE, 0, 'FOLLOWERS'),
      publish(id(101), ALICE, 25, 'CIRCLE'),
      publish(id(102), BOB, 30),
      publish(id(103), CAROL, 50),
      follow(BOB, ALICE, 1, true, 20),
      follow(BOB, ALICE, 2, false, 35),
      follow(BOB, ALICE, 3, true, 60),
      follow(CAROL, ALICE, 1, true, 10),
      follow(DAVE, BOB, 1, true, 100),
      follow(ALICE, CAROL, 1, true, 70),
      follow(ALICE, CAROL, 2, false, 71),
      { post: { kind: 'deleted', postId: id(102), authorId: BOB } },
      {
        post: {
          kind: 'access',
          postId: id(100),
          authorId: ALICE,
          visibility: 'PUBLIC',
          circleIds: [],
          commentsDisabled: false,
          version: 2,
        },
      },
    ];
    const facts = new TimelineFacts(window);
    for (const change of changes) {
      if ('social' in change) facts.applySocial(change.social);
      else facts.applyPost(change.post);
    }
    const expected = facts.rows();
    expect(expected.length).toBeGreaterThan(3);
    for (let seed = 1; seed <= 100; seed++) {
      const random = seeded(seed);
      const order = [...changes, ...changes.filter(() => random() < 0.3)].sort(() => random() - 0.5);
      const store = new InMemoryTimelineStore(window);
      for (const change of order) await project(store, change);
      expect(store.rows(), `seed ${seed}`).toEqual(expected);
    }
  });
});
