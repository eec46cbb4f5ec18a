import { describe, expect, it } from 'vitest';
import { addComment, deleteComment, type CommentablePost, type CommentState } from './comment';

const ALICE = '01900000-0000-7000-8000-00000000a11c'; // post author
const BOB = '01900000-0000-7000-8000-000000000b0b'; // commenter
const CAROL = '01900000-0000-7000-8000-0000000ca201';
const POST = '01900000-0000-7000-8000-00000000b051';
const OTHER_POST = '01900000-0000-7000-8000-00000000b052';
const T = new Date('2026-03-01T12:00:00.000Z');

const post = (overrides: Partial<CommentablePost> = {}): CommentablePost => ({
  postId: POST,
  authorId: ALICE,
  commentsDisabled: false,
  visibleToCommenter: true,
  ...overrides,
});
const stored = (overrides: Partial<CommentState> = {}): CommentState => ({
  id: '01900000-0000-7000-8000-0000000c0001',
  postId: POST,
  authorId: CAROL,
  parentId: null,
  body: 'first',
  createdAt: T,
  ...overrides,
});
const add = (overrides: Partial<Parameters<typeof addComment>[0]> = {}) =>
  addComment({
    id: '01900000-0000-7000-8000-0000000c0099',
    authorId: BOB,
    body: 'hi',
    at: T,
    post: post(),
    parentId: null,
    parent: null,
    ...overrides,
  });

describe('addComment', () => {
  it('writes a top-level comment carrying the post author', () => {
    expect(add()).toEqual({
      type: 'CommentAdded',
      comment: { id: '01900000-0000-7000-8000-0000000c0099', postId: POST, authorId: BOB, parentId: null, body: 'hi', createdAt: T },
      postAuthorId: ALICE,
      parentAuthorId: null,
    });
  });

  it('writes a reply carrying the parent author', () => {
    const parent = stored();
    expect(add({ parentId: parent.id, parent: { comment: parent, blockedWithCommenter: false } })).toMatchObject({
      comment: { parentId: parent.id },
      parentAuthorId: CAROL,
    });
  });

  it.each([
    ['an unknown post', { post: null }, { code: 'NOT_FOUND', reason: 'COMMENTS.POST_NOT_FOUND', field: 'postId' }],
    ['a post the commenter may not see', { post: post({ visibleToCommenter: false }) }, { code: 'NOT_FOUND', field: 'postId' }],
    // Hidden beats disabled: a post you may not see does not tell you it takes no comments.
    ['a hidden post with comments off', { post: post({ visibleToCommenter: false, commentsDisabled: true }) }, { code: 'NOT_FOUND' }],
    ['a post with comments off', { post: post({ commentsDisabled: true }) }, { code: 'FORBIDDEN', reason: 'COMMENTS.COMMENTS_DISABLED' }],
    [
      'a missing parent',
      { parentId: stored().id, parent: null },
      { code: 'NOT_FOUND', reason: 'COMMENTS.PARENT_NOT_FOUND', field: 'parentId' },
    ],
    [
      'a parent on another post',
      { parentId: stored().id, parent: { comment: stored({ postId: OTHER_POST }), blockedWithCommenter: false } },
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.PARENT_ON_OTHER_POST', field: 'parentId' },
    ],
    [
      'a reply to a reply',
      {
        parentId: stored().id,
        parent: { comment: stored({ parentId: '01900000-0000-7000-8000-0000000c0002' }), blockedWithCommenter: false },
      },
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.REPLY_TO_REPLY', field: 'parentId' },
    ],
    [
      'a reply across a block with the parent author',
      { parentId: stored().id, parent: { comment: stored(), blockedWithCommenter: true } },
      { code: 'FORBIDDEN', reason: 'COMMENTS.BLOCKED' },
    ],
  ])('refuses %s', (_label, overrides, expected) => {
    expect(() => add(overrides)).toThrow(expect.objectContaining(expected));
  });
});

describe('deleteComment', () => {
  const reply = stored({ id: '01900000-0000-7000-8000-0000000c0003', parentId: stored().id, authorId: BOB });

  it("lets the comment's author delete it, with its replies", () => {
    expect(deleteComment({ comment: stored(), replyIds: [reply.id], postAuthorId: ALICE, actorId: CAROL, at: T })).toEqual({
      type: 'CommentDeleted',
      comment: stored(),
      removedCommentIds: [stored().id, reply.id],
      deletedBy: CAROL,
      deletedAt: T,
    });
  });

  it("lets the post's author delete someone else's reply", () => {
    expect(deleteComment({ comment: reply, replyIds: [], postAuthorId: ALICE, actorId: ALICE, at: T }).removedCommentIds).toEqual([
      reply.id,
    ]);
  });

  it('forbids anyone else', () => {
    expect(() => deleteComment({ comment: stored(), replyIds: [], postAuthorId: ALICE, actorId: BOB, at: T })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'COMMENTS.NOT_ALLOWED' }),
    );
  });
});
