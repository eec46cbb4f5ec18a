import { describe, expect, it } from 'vitest';
import { Post } from './post.aggregate';
import { PostError } from './post.errors';
import { ALICE, BOB, CIRCLE_1, aPost } from './post.mother';
import { SocialReplica } from '@agora/audience/domain';

const at = new Date('2026-02-03T04:05:06.789Z');
const later = new Date('2026-02-03T05:00:00.000Z');

function publish(overrides: Partial<Parameters<typeof Post.publish>[0]> = {}) {
  return Post.publish({ id: 'p1', authorId: ALICE, body: 'Hi', visibility: 'PUBLIC', at, ...overrides });
}

function errorOf(fn: () => unknown): PostError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PostError) return error;
    throw error;
  }
  throw new Error('expected a PostError');
}

describe('Post.publish', () => {
  it('starts at version 1, unedited, and records PostPublished', () => {
    const post = publish({ visibility: 'CIRCLE', circleIds: [CIRCLE_1] });
    expect(post.snapshot).toMatchObject({ id: 'p1', authorId: ALICE, body: 'Hi', version: 1, editedAt: null, deletedAt: null });
    expect(post.persistedVersion).toBe(0);
    expect(post.events).toEqual([
      {
        type: 'PostPublished',
        postId: 'p1',
        authorId: ALICE,
        version: 1,
        at,
        body: 'Hi',
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1],
        commentsDisabled: false,
        attachmentIds: [],
      },
    ]);
  });

  it('can start with comments turned off', () => {
    const post = publish({ commentsDisabled: true });
    expect(post.snapshot.commentsDisabled).toBe(true);
    expect(post.events[0]).toMatchObject({ type: 'PostPublished', commentsDisabled: true });
    expect(publish({ commentsDisabled: null }).snapshot.commentsDisabled).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n\t '],
    ['5001 characters', 'x'.repeat(5001)],
  ])('refuses a body that is %s (field body)', (_, body) => {
    expect(errorOf(() => publish({ body }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'POSTS.INVALID_BODY', field: 'body' });
  });

  it('accepts 5000 characters, counting an emoji as one', () => {
    expect(publish({ body: 'x'.repeat(5000) }).snapshot.body).toHaveLength(5000);
    const emoji = '😀'.repeat(5000); // 10000 UTF-16 units, 5000 characters
    expect(publish({ body: emoji }).snapshot.body).toBe(emoji);
  });

  it('keeps the body exactly as written', () => {
    expect(publish({ body: '  indented\n' }).snapshot.body).toBe('  indented\n');
  });

  it.each([
    ['missing', undefined],
    ['empty', []],
    ['not UUIDs', ['circle-1']],
    ['more than 20', Array.from({ length: 21 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`)],
  ])('refuses CIRCLE with circleIds %s (field circleIds)', (_, circleIds) => {
    expect(errorOf(() => publish({ visibility: 'CIRCLE', circleIds }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'POSTS.INVALID_CIRCLE_IDS',
      field: 'circleIds',
    });
  });

  it('refuses circleIds for PUBLIC and FOLLOWERS posts', () => {
    for (const visibility of ['PUBLIC', 'FOLLOWERS'] as const) {
      expect(errorOf(() => publish({ visibility, circleIds: [CIRCLE_1] })).field).toBe('circleIds');
    }
    expect(publish({ visibility: 'FOLLOWERS', circleIds: [] }).snapshot.circleIds).toEqual([]);
  });

  it('collapses duplicate circle ids, whatever their case', () => {
    const post = publish({ visibility: 'CIRCLE', circleIds: [CIRCLE_1, CIRCLE_1.toUpperCase()] });
    expect(post.snapshot.circleIds).toEqual([CIRCLE_1]);
  });
});

describe('Post.edit', () => {
  it('replaces the body, bumps the version, sets editedAt and records PostEdited', () => {
    const post = Post.rehydrate(aPost({ id: 'p2', version: 3 }));
    post.edit(ALICE, 'Better', later, 3);
    expect(post.snapshot).toMatchObject({ body: 'Better', version: 4, editedAt: later });
    expect(post.persistedVersion).toBe(3);
    expect(post.events).toEqual([{ type: 'PostEdited', postId: 'p2', authorId: ALICE, version: 4, at: later, body: 'Better' }]);
  });

  it('without expectedVersion edits whatever the current version is', () => {
    const post = Post.rehydrate(aPost({ version: 7 }));
    post.edit(ALICE, 'x', later);
    expect(post.snapshot.version).toBe(8);
  });

  it('refuses a stale expectedVersion with CONFLICT and records nothing', () => {
    const post = Post.rehydrate(aPost({ version: 2 }));
    expect(errorOf(() => post.edit(ALICE, 'x', later, 1))).toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION' });
    expect(post.events).toEqual([]);
    expect(post.snapshot.version).toBe(2);
  });

  it('refuses another user with FORBIDDEN', () => {
    const post = Post.rehydrate(aPost());
    expect(errorOf(() => post.edit(BOB, 'x', later))).toMatchObject({ code: 'FORBIDDEN', reason: 'POSTS.NOT_AUTHOR' });
  });

  it('answers NOT_FOUND to another user for a post they cannot see (does not disclose it)', () => {
    const post = Post.rehydrate(aPost({ visibility: 'FOLLOWERS' }));
    expect(errorOf(() => post.edit(BOB, 'x', later))).toMatchObject({ code: 'NOT_FOUND', reason: 'POSTS.NOT_FOUND' });
  });

  it('validates the new body', () => {
    const post = Post.rehydrate(aPost());
    expect(errorOf(() => post.edit(ALICE, '   ', later)).field).toBe('body');
  });

  it('cannot edit a deleted post', () => {
    const post = Post.rehydrate(aPost({ deletedAt: at }));
    expect(errorOf(() => post.edit(ALICE, 'x', later)).code).toBe('NOT_FOUND');
  });
});

describe('Post.delete', () => {
  it('marks the post deleted, bumps the version and records PostDeleted', () => {
    const post = Post.rehydrate(aPost({ id: 'p3', version: 2 }));
    post.delete(ALICE, later);
    expect(post.snapshot).toMatchObject({ deletedAt: later, version: 3 });
    expect(post.events).toEqual([{ type: 'PostDeleted', postId: 'p3', authorId: ALICE, version: 3, at: later }]);
  });

  it('only the author may delete', () => {
    expect(errorOf(() => Post.rehydrate(aPost()).delete(BOB, later)).reason).toBe('POSTS.NOT_AUTHOR');
  });

  it('a deleted post cannot be deleted again', () => {
    const post = Post.rehydrate(aPost());
    post.delete(ALICE, later);
    expect(errorOf(() => post.delete(ALICE, later)).code).toBe('NOT_FOUND');
    expect(post.events).toHaveLength(1);
  });
});

const CIRCLE_2 = '01900000-0000-7000-8000-0000000c1c02';

/** Bob follows Alice; with `blocked`, a block between them too. */
function bobFollowsAlice({ blocked = false } = {}): SocialReplica {
  const facts = new SocialReplica();
  facts.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
  if (blocked) facts.apply({ kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true });
  return facts;
}

describe('Post.changeVisibility', () => {
  it('records PostVisibilityChanged with the whole access state, bumps the version, keeps body and editedAt', () => {
    const post = Post.rehydrate(aPost({ id: 'p4', version: 2, commentsDisabled: true, editedAt: at }));
    post.changeVisibility(ALICE, { visibility: 'CIRCLE', circleIds: [CIRCLE_1, CIRCLE_2.toUpperCase()] }, later, 2);
    expect(post.snapshot).toMatchObject({
      visibility: 'CIRCLE',
      circleIds: [CIRCLE_1, CIRCLE_2],
      commentsDisabled: true,
      version: 3,
      editedAt: at,
      body: 'Hello, Agora',
    });
    expect(post.events).toEqual([
      {
        type: 'PostVisibilityChanged',
        postId: 'p4',
        authorId: ALICE,
        version: 3,
        at: later,
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1, CIRCLE_2],
        commentsDisabled: true,
      },
    ]);
    post.changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, later);
    expect(post.snapshot).toMatchObject({ visibility: 'FOLLOWERS', circleIds: [], version: 4 });
  });

  it('the same audience again records nothing and keeps the version (circle order and case do not matter)', () => {
    const post = Post.rehydrate(aPost({ visibility: 'CIRCLE', circleIds: [CIRCLE_1, CIRCLE_2], version: 5 }));
    post.changeVisibility(ALICE, { visibility: 'CIRCLE', circleIds: [CIRCLE_2.toUpperCase(), CIRCLE_1, CIRCLE_1] }, later, 5);
    const pub = Post.rehydrate(aPost({ version: 1 }));
    pub.changeVisibility(ALICE, { visibility: 'PUBLIC', circleIds: null }, later);
    pub.changeVisibility(ALICE, { visibility: 'PUBLIC', circleIds: [] }, later);
    expect([post.events, pub.events]).toEqual([[], []]);
    expect([post.snapshot.version, pub.snapshot.version]).toEqual([5, 1]);
  });

  it.each([
    ['CIRCLE without circles', { visibility: 'CIRCLE' as const }],
    ['CIRCLE with no circle', { visibility: 'CIRCLE' as const, circleIds: [] }],
    ['circles that are not UUIDs', { visibility: 'CIRCLE' as const, circleIds: ['circle-1'] }],
    [
      'more than 20 circles',
      {
        visibility: 'CIRCLE' as const,
        circleIds: Array.from({ length: 21 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`),
      },
    ],
    ['circles for PUBLIC', { visibility: 'PUBLIC' as const, circleIds: [CIRCLE_1] }],
    ['circles for FOLLOWERS', { visibility: 'FOLLOWERS' as const, circleIds: [CIRCLE_1] }],
  ])('refuses %s like publish does (field circleIds) and records nothing', (_, audience) => {
    const post = Post.rehydrate(aPost());
    expect(errorOf(() => post.changeVisibility(ALICE, audience, later))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'POSTS.INVALID_CIRCLE_IDS',
      field: 'circleIds',
    });
    expect(post.events).toEqual([]);
  });

  it('a stale expectedVersion is a CONFLICT, even when the audience would not change', () => {
    const post = Post.rehydrate(aPost({ version: 3 }));
    expect(errorOf(() => post.changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, later, 2))).toMatchObject({
      code: 'CONFLICT',
      reason: 'POSTS.STALE_VERSION',
      field: 'expectedVersion',
    });
    expect(errorOf(() => post.changeVisibility(ALICE, { visibility: 'PUBLIC' }, later, 4)).code).toBe('CONFLICT');
    expect(post.events).toEqual([]);
  });

  it('another user: FORBIDDEN when they can see the post, NOT_FOUND when they cannot (as the replica says)', () => {
    const followers = () => Post.rehydrate(aPost({ visibility: 'FOLLOWERS' }));
    expect(errorOf(() => followers().changeVisibility(BOB, { visibility: 'PUBLIC' }, later, null, bobFollowsAlice())).reason).toBe(
      'POSTS.NOT_AUTHOR',
    );
    expect(errorOf(() => followers().changeVisibility(BOB, { visibility: 'PUBLIC' }, later)).reason).toBe('POSTS.NOT_FOUND');
    expect(
      errorOf(() => followers().changeVisibility(BOB, { visibility: 'PUBLIC' }, later, null, bobFollowsAlice({ blocked: true }))).reason,
    ).toBe('POSTS.NOT_FOUND');
    // A block hides even a PUBLIC post.
    const pub = Post.rehydrate(aPost());
    expect(errorOf(() => pub.changeVisibility(BOB, { visibility: 'FOLLOWERS' }, later)).code).toBe('FORBIDDEN');
    expect(
      errorOf(() => pub.changeVisibility(BOB, { visibility: 'FOLLOWERS' }, later, null, bobFollowsAlice({ blocked: true }))).code,
    ).toBe('NOT_FOUND');
    // Authorisation comes first: a stranger learns nothing from a version or an input error.
    expect(errorOf(() => followers().changeVisibility(BOB, { visibility: 'CIRCLE' }, later, 99)).code).toBe('NOT_FOUND');
    expect(errorOf(() => pub.changeVisibility(BOB, { visibility: 'CIRCLE' }, later, 99)).code).toBe('FORBIDDEN');
  });

  it('a deleted post is NOT_FOUND', () => {
    expect(errorOf(() => Post.rehydrate(aPost({ deletedAt: at })).changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, later)).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('Post.setCommentsDisabled', () => {
  it('records PostCommentsToggled with the whole access state and bumps the version; toggling back records another', () => {
    const post = Post.rehydrate(aPost({ id: 'p5', visibility: 'CIRCLE', circleIds: [CIRCLE_1], version: 4 }));
    post.setCommentsDisabled(ALICE, true, later, 4);
    post.setCommentsDisabled(ALICE, false, later, 5);
    expect(post.events).toEqual([
      {
        type: 'PostCommentsToggled',
        postId: 'p5',
        authorId: ALICE,
        version: 5,
        at: later,
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1],
        commentsDisabled: true,
      },
      {
        type: 'PostCommentsToggled',
        postId: 'p5',
        authorId: ALICE,
        version: 6,
        at: later,
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1],
        commentsDisabled: false,
      },
    ]);
    expect(post.snapshot).toMatchObject({ commentsDisabled: false, version: 6, editedAt: null });
  });

  it('the setting the post already has records nothing', () => {
    const post = Post.rehydrate(aPost({ commentsDisabled: true, version: 2 }));
    post.setCommentsDisabled(ALICE, true, later, 2);
    expect(post.events).toEqual([]);
    expect(post.snapshot.version).toBe(2);
  });

  it('stale expectedVersion: CONFLICT; others: FORBIDDEN or NOT_FOUND; deleted: NOT_FOUND', () => {
    expect(errorOf(() => Post.rehydrate(aPost({ version: 2 })).setCommentsDisabled(ALICE, true, later, 1)).reason).toBe(
      'POSTS.STALE_VERSION',
    );
    expect(errorOf(() => Post.rehydrate(aPost()).setCommentsDisabled(BOB, true, later)).reason).toBe('POSTS.NOT_AUTHOR');
    const followers = Post.rehydrate(aPost({ visibility: 'FOLLOWERS' }));
    expect(errorOf(() => followers.setCommentsDisabled(BOB, true, later)).reason).toBe('POSTS.NOT_FOUND');
    expect(errorOf(() => followers.setCommentsDisabled(BOB, true, later, null, bobFollowsAlice())).reason).toBe('POSTS.NOT_AUTHOR');
    expect(errorOf(() => Post.rehydrate(aPost({ deletedAt: at })).setCommentsDisabled(ALICE, true, later)).code).toBe('NOT_FOUND');
    expect(followers.events).toEqual([]);
  });
});
