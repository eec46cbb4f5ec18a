import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, POST_1, POST_2, T1, UNKNOWN, as, rejection, setup } from '../testing/handlers.mother';
import { addComment } from './add-comment.command';

function arrange() {
  const deps = setup();
  deps.unitOfWork.knowPost(POST_1, ALICE);
  deps.unitOfWork.knowPost(POST_2, ALICE);
  return { ...deps, add: deps.commands.bind(addComment) };
}

describe('AddComment', () => {
  it('writes a trimmed top-level comment and CommentAdded with the post author and the request metadata', async () => {
    const { unitOfWork, add } = arrange();

    const comment = await add.execute(as(BOB, { postId: POST_1, body: '  nice  ' }));

    expect(comment).toEqual({ id: expect.any(String), postId: POST_1, authorId: BOB, parentId: null, body: 'nice', createdAt: T1 });
    expect(unitOfWork.tables.comments.get(comment.id)).toEqual(comment);
    expect(unitOfWork.outbox).toEqual([
      {
        event: { type: 'CommentAdded', comment, postAuthorId: ALICE, parentAuthorId: null },
        metadata: { correlationId: 'req-1', causationId: null, actorId: BOB },
      },
    ]);
  });

  it('writes a reply to a top-level comment of the same post, carrying the parent author', async () => {
    const { unitOfWork, add } = arrange();
    const parent = await add.execute(as(CAROL, { postId: POST_1, body: 'first' }));

    const reply = await add.execute(as(BOB, { postId: POST_1, body: 'reply', parentId: parent.id.toUpperCase() }));

    expect(reply.parentId).toBe(parent.id);
    expect(unitOfWork.events().at(-1)).toMatchObject({ type: 'CommentAdded', parentAuthorId: CAROL, postAuthorId: ALICE });
  });

  it('accepts upper-case ids and the post author commenting on their own post', async () => {
    const { add } = arrange();
    expect(await add.execute(as(ALICE.toUpperCase(), { postId: POST_1.toUpperCase(), body: 'mine' }))).toMatchObject({
      postId: POST_1,
      authorId: ALICE,
    });
  });

  const refusals: [string, (ctx: ReturnType<typeof arrange>) => Promise<Record<string, unknown>>, Record<string, unknown>][] = [
    ['an empty body', async () => ({ postId: POST_1, body: '' }), { code: 'BAD_USER_INPUT', field: 'body' }],
    ['a whitespace-only body', async () => ({ postId: POST_1, body: ' \n\t ' }), { code: 'BAD_USER_INPUT', field: 'body' }],
    ['a body of 2001 characters', async () => ({ postId: POST_1, body: 'x'.repeat(2001) }), { code: 'BAD_USER_INPUT', field: 'body' }],
    ['a missing body', async () => ({ postId: POST_1 }), { code: 'BAD_USER_INPUT', field: 'body' }],
    ['a malformed post id', async () => ({ postId: 'post-1', body: 'x' }), { code: 'BAD_USER_INPUT', field: 'postId' }],
    [
      'a body with a control character',
      async () => ({ postId: POST_1, body: 'ring\u0007' }),
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.CONTROL_CHARACTER', field: 'body' },
    ],
    [
      'a body with a bidi override',
      async () => ({ postId: POST_1, body: 'nice \u202Etxt.exe' }),
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.BIDI_CONTROL', field: 'body' },
    ],
    [
      'a body of only zero-width characters',
      async () => ({ postId: POST_1, body: '\u200B\u200D\uFEFF' }),
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.INVISIBLE_TEXT', field: 'body' },
    ],
    ['a malformed parent id', async () => ({ postId: POST_1, body: 'x', parentId: 'nope' }), { code: 'BAD_USER_INPUT', field: 'parentId' }],
    [
      'an unknown post',
      async () => ({ postId: UNKNOWN, body: 'x' }),
      { code: 'NOT_FOUND', reason: 'COMMENTS.POST_NOT_FOUND', field: 'postId' },
    ],
    [
      'a deleted post',
      async ({ unitOfWork }) => (unitOfWork.knowPost(POST_1, ALICE, { deleted: true }), { postId: POST_1, body: 'x' }),
      { code: 'NOT_FOUND', reason: 'COMMENTS.POST_NOT_FOUND' },
    ],
    [
      'a post the commenter may not see',
      async ({ unitOfWork }) => (unitOfWork.knowPost(POST_1, ALICE, { hiddenFrom: new Set([BOB]) }), { postId: POST_1, body: 'x' }),
      { code: 'NOT_FOUND', reason: 'COMMENTS.POST_NOT_FOUND' },
    ],
    [
      'a post whose author is in a block with the commenter',
      async ({ unitOfWork }) => (unitOfWork.block(ALICE, BOB), { postId: POST_1, body: 'x' }),
      { code: 'NOT_FOUND', reason: 'COMMENTS.POST_NOT_FOUND' },
    ],
    [
      'a post with comments turned off',
      async ({ unitOfWork }) => (unitOfWork.knowPost(POST_1, ALICE, { commentsDisabled: true }), { postId: POST_1, body: 'x' }),
      { code: 'FORBIDDEN', reason: 'COMMENTS.COMMENTS_DISABLED' },
    ],
    [
      'a reply to a missing comment',
      async () => ({ postId: POST_1, body: 'x', parentId: UNKNOWN }),
      { code: 'NOT_FOUND', reason: 'COMMENTS.PARENT_NOT_FOUND', field: 'parentId' },
    ],
    [
      'a reply to a comment of another post',
      async ({ add }) => ({
        postId: POST_1,
        body: 'x',
        parentId: (await add.execute(as(CAROL, { postId: POST_2, body: 'elsewhere' }))).id,
      }),
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.PARENT_ON_OTHER_POST', field: 'parentId' },
    ],
    [
      'a reply to a reply',
      async ({ add }) => {
        const top = await add.execute(as(CAROL, { postId: POST_1, body: 'top' }));
        const reply = await add.execute(as(CAROL, { postId: POST_1, body: 'reply', parentId: top.id }));
        return { postId: POST_1, body: 'x', parentId: reply.id };
      },
      { code: 'BAD_USER_INPUT', reason: 'COMMENTS.REPLY_TO_REPLY', field: 'parentId' },
    ],
    [
      'a reply to a comment whose author is in a block with the commenter',
      async ({ add, unitOfWork }) => {
        const top = await add.execute(as(CAROL, { postId: POST_1, body: 'top' }));
        unitOfWork.block(BOB, CAROL);
        return { postId: POST_1, body: 'x', parentId: top.id };
      },
      { code: 'FORBIDDEN', reason: 'COMMENTS.BLOCKED' },
    ],
  ];

  it.each(refusals)('refuses %s and writes nothing', async (_label, prepare, expected) => {
    const ctx = arrange();
    const input = await prepare(ctx);
    const commentsBefore = ctx.unitOfWork.tables.comments.size;
    const eventsBefore = ctx.unitOfWork.outbox.length;

    expect(await rejection(ctx.add.execute(as(BOB, input)))).toMatchObject(expected);
    expect(ctx.unitOfWork.tables.comments.size).toBe(commentsBefore);
    expect(ctx.unitOfWork.outbox).toHaveLength(eventsBefore);
  });
});
