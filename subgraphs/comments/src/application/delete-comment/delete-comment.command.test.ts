import { describe, expect, it } from 'vitest';
import { addComment } from '../add-comment/add-comment.command';
import { ALICE, BOB, CAROL, POST_1, T1, UNKNOWN, as, rejection, setup } from '../testing/handlers.mother';
import { deleteComment } from './delete-comment.command';

async function arrange() {
  const deps = setup();
  deps.unitOfWork.knowPost(POST_1, ALICE);
  const add = deps.commands.bind(addComment);
  const top = await add.execute(as(BOB, { postId: POST_1, body: 'top' }));
  const replies = [
    await add.execute(as(CAROL, { postId: POST_1, body: 'r1', parentId: top.id })),
    await add.execute(as(ALICE, { postId: POST_1, body: 'r2', parentId: top.id })),
  ];
  const other = await add.execute(as(CAROL, { postId: POST_1, body: 'other' }));
  deps.unitOfWork.outbox.length = 0;
  return { ...deps, top, replies, other, remove: deps.commands.bind(deleteComment) };
}

describe('DeleteComment', () => {
  it("deletes the author's top-level comment with its replies and lists them all in CommentDeleted", async () => {
    const { unitOfWork, remove, top, replies, other } = await arrange();

    expect(await remove.execute(as(BOB, { id: top.id }))).toBe(true);

    expect([...unitOfWork.tables.comments.keys()]).toEqual([other.id]);
    expect(unitOfWork.outbox).toEqual([
      {
        event: {
          type: 'CommentDeleted',
          comment: top,
          removedCommentIds: [top.id, ...replies.map((r) => r.id)],
          deletedBy: BOB,
          deletedAt: T1,
        },
        metadata: { correlationId: 'req-1', causationId: null, actorId: BOB },
      },
    ]);
  });

  it("lets the post's author delete someone else's reply, leaving the rest", async () => {
    const { unitOfWork, remove, replies } = await arrange();

    await remove.execute(as(ALICE, { id: replies[0]!.id }));

    expect(unitOfWork.tables.comments.has(replies[0]!.id)).toBe(false);
    expect(unitOfWork.tables.comments.size).toBe(3);
    expect(unitOfWork.events()).toEqual([expect.objectContaining({ removedCommentIds: [replies[0]!.id], deletedBy: ALICE })]);
  });

  it.each([
    ['someone else', CAROL, (c: Awaited<ReturnType<typeof arrange>>) => c.top.id, { code: 'FORBIDDEN', reason: 'COMMENTS.NOT_ALLOWED' }],
    ['a missing comment', BOB, () => UNKNOWN, { code: 'NOT_FOUND', reason: 'COMMENTS.COMMENT_NOT_FOUND', field: 'id' }],
    ['a malformed id', BOB, () => 'c-1', { code: 'BAD_USER_INPUT', field: 'id' }],
  ])('refuses %s and writes nothing', async (_label, actor, id, expected) => {
    const ctx = await arrange();

    expect(await rejection(ctx.remove.execute(as(actor, { id: id(ctx) })))).toMatchObject(expected);
    expect(ctx.unitOfWork.tables.comments.size).toBe(4);
    expect(ctx.unitOfWork.outbox).toEqual([]);
  });

  it.each([
    ['a comment by someone in a block with the viewer', (c: Awaited<ReturnType<typeof arrange>>) => c.unitOfWork.block(BOB, CAROL)],
    ['a comment blocked the other way round', (c: Awaited<ReturnType<typeof arrange>>) => c.unitOfWork.block(CAROL, BOB)],
    [
      'a comment on a post the viewer cannot see',
      (c: Awaited<ReturnType<typeof arrange>>) => c.unitOfWork.knowPost(POST_1, ALICE, { hiddenFrom: new Set([CAROL]) }),
    ],
  ])('answers NOT_FOUND for %s, exactly as for a random id, and writes nothing', async (_label, hide) => {
    const ctx = await arrange();
    hide(ctx);
    const unknown = await rejection(ctx.remove.execute(as(CAROL, { id: UNKNOWN })));

    const hidden = await rejection(ctx.remove.execute(as(CAROL, { id: ctx.top.id })));

    expect(hidden).toMatchObject({ code: 'NOT_FOUND', reason: 'COMMENTS.COMMENT_NOT_FOUND', field: 'id' });
    expect({ code: hidden.code, reason: hidden.reason, field: hidden.field, message: hidden.message }).toEqual({
      code: unknown.code,
      reason: unknown.reason,
      field: unknown.field,
      message: unknown.message,
    });
    expect(ctx.unitOfWork.tables.comments.size).toBe(4);
    expect(ctx.unitOfWork.outbox).toEqual([]);
  });

  it('is NOT_FOUND the second time', async () => {
    const { remove, top } = await arrange();
    await remove.execute(as(BOB, { id: top.id }));
    expect(await rejection(remove.execute(as(BOB, { id: top.id })))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
