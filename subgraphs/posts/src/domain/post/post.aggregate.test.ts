import { describe, expect, it } from 'vitest';
import { Post } from './post.aggregate';
import { PostError } from './post.errors';
import { ALICE, BOB, CIRCLE_1, aPost } from '../../../test/support/post.mother';

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
      { type: 'PostPublished', postId: 'p1', authorId: ALICE, version: 1, at, body: 'Hi', visibility: 'CIRCLE', circleIds: [CIRCLE_1] },
    ]);
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

  it("answers NOT_FOUND to another user for a post they cannot see (does not disclose it)", () => {
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
