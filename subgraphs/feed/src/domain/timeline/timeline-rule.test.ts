import { shuffled } from '@agora/testing';
import { describe, expect, it } from 'vitest';
import type { PostAccessChange, SocialChange } from '@agora/audience';
import { BackfillWindow, TimelineFacts, belongsInTimeline } from './timeline-rule';

const ALICE = '01900000-0000-7000-8000-00000000a11c';
const BOB = '01900000-0000-7000-8000-000000000b0b';
const CAROL = '01900000-0000-7000-8000-0000000ca201';
const POST_1 = '01900000-0000-7000-8000-00000000b051';
const POST_2 = '01900000-0000-7000-8000-00000000b052';
const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const window30 = BackfillWindow.ofDays(30);

const published = (postId: string, authorId: string, days: number): PostAccessChange => ({
  kind: 'access',
  postId,
  authorId,
  visibility: 'PUBLIC',
  circleIds: [],
  commentsDisabled: false,
  version: 1,
  publishedAt: at(days),
});
const follow = (followerId: string, followeeId: string, version: number, active: boolean, days: number): SocialChange => ({
  kind: 'follow',
  followerId,
  followeeId,
  version,
  active,
  at: at(days),
});

type Change = { social: SocialChange } | { post: PostAccessChange };

function rowsAfter(changes: Change[], window = window30) {
  const facts = new TimelineFacts(window);
  for (const change of changes) {
    if ('social' in change) facts.applySocial(change.social);
    else facts.applyPost(change.post);
  }
  return facts.rows().map((row) => `${row.ownerId.slice(-4)}:${row.postId.slice(-4)}`);
}

describe('BackfillWindow', () => {
  it('reaches posts published at most the window before the follow, and every later one', () => {
    expect(window30.reaches(at(0), at(30))).toBe(true);
    expect(window30.reaches(new Date(at(0).getTime() - 1), at(30))).toBe(false);
    expect(window30.reaches(at(100), at(30))).toBe(true);
    expect(BackfillWindow.ofDays(0).reaches(at(29), at(30))).toBe(false);
    expect(window30.reaches(at(0), null)).toBe(true);
  });

  it('refuses a negative or fractional window', () => {
    expect(() => BackfillWindow.ofDays(-1)).toThrow(RangeError);
    expect(() => BackfillWindow.ofDays(1.5)).toThrow(RangeError);
  });
});

describe('belongsInTimeline', () => {
  const post = { authorId: ALICE, publishedAt: at(0), deleted: false };

  it('puts a post in its author’s timeline, and in followers’ when the follow reaches it', () => {
    expect(belongsInTimeline(ALICE, post, undefined, window30)).toBe(true);
    expect(belongsInTimeline(BOB, post, { active: true, since: at(30) }, window30)).toBe(true);
    expect(belongsInTimeline(BOB, post, { active: true, since: at(31) }, window30)).toBe(false);
    expect(belongsInTimeline(BOB, post, { active: false, since: at(1) }, window30)).toBe(false);
    expect(belongsInTimeline(BOB, post, undefined, window30)).toBe(false);
  });

  it('never for an unpublished or deleted post', () => {
    expect(belongsInTimeline(ALICE, { ...post, deleted: true }, undefined, window30)).toBe(false);
    expect(belongsInTimeline(ALICE, { ...post, publishedAt: null }, undefined, window30)).toBe(false);
  });
});

describe('TimelineFacts (the whole read model the events imply)', () => {
  // bob follows alice on day 40 (reaching back to day 10: her day-10 post, not her day-5 one),
  // unfollows on day 50, follows again on day 60 (reaching back to day 30: neither old post);
  // carol follows on day 1 and her follow is removed (a block) on day 2. Rows are listed by owner
  // id (bob's 0b0b before alice's a11c), newest first.
  const scenario: Change[] = [
    { post: published(POST_1, ALICE, 5) },
    { post: published(POST_2, ALICE, 10) },
    { social: follow(BOB, ALICE, 1, true, 40) },
    { social: follow(CAROL, ALICE, 1, true, 1) },
    { social: follow(CAROL, ALICE, 2, false, 2) },
    {
      post: {
        kind: 'access',
        postId: POST_2,
        authorId: ALICE,
        visibility: 'FOLLOWERS',
        circleIds: [],
        commentsDisabled: false,
        version: 2,
      },
    },
  ];

  it('applies the rule to the newest facts', () => {
    expect(rowsAfter(scenario)).toEqual(['0b0b:b052', 'a11c:b052', 'a11c:b051']);
    expect(rowsAfter([...scenario, { social: follow(BOB, ALICE, 2, false, 50) }])).toEqual(['a11c:b052', 'a11c:b051']);
    expect(rowsAfter([...scenario, { social: follow(BOB, ALICE, 2, false, 50) }, { social: follow(BOB, ALICE, 3, true, 60) }])).toEqual([
      'a11c:b052',
      'a11c:b051',
    ]);
    expect(rowsAfter([...scenario, { post: { kind: 'deleted', postId: POST_2, authorId: ALICE } }])).toEqual(['a11c:b051']);
  });

  it('gives the same rows whatever the order of arrival (and with redeliveries)', () => {
    const all: Change[] = [
      ...scenario,
      { social: follow(BOB, ALICE, 2, false, 50) },
      { social: follow(BOB, ALICE, 3, true, 45) }, // a re-follow whose window reaches day 15
      { post: published('01900000-0000-7000-8000-00000000b053', ALICE, 20) },
      { post: { kind: 'deleted', postId: POST_1, authorId: ALICE } },
    ];
    const expected = rowsAfter(all);
    expect(expected).toEqual(['0b0b:b053', 'a11c:b053', 'a11c:b052']);
    for (let seed = 1; seed <= 200; seed++) {
      const order = shuffled([...all, ...all.slice(0, 3)], seed);
      expect(rowsAfter(order), `order of seed ${seed}`).toEqual(expected);
    }
  });
});
