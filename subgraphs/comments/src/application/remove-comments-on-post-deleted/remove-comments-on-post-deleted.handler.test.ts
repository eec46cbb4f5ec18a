import { describe, expect, it } from 'vitest';
import { AddCommentHandler } from '../add-comment/add-comment.handler';
import { ALICE, BOB, POST_1, POST_2, as, rejection, setup } from '../testing/handlers.mother';
import { RemoveCommentsOnPostDeletedHandler } from './remove-comments-on-post-deleted.handler';

const notice = { eventId: '01935f0e-7a3c-7000-8000-00000000e001', consumer: 'comments--remove-comments-on-post-deleted', postId: POST_1, authorId: ALICE };

describe('RemoveCommentsOnPostDeleted', () => {
  it("deletes the post's comments (replies included) and nothing else, without events", async () => {
    const deps = setup();
    deps.unitOfWork.knowPost(POST_1, ALICE);
    deps.unitOfWork.knowPost(POST_2, ALICE);
    const add = new AddCommentHandler(deps);
    const top = await add.execute(as(BOB, { postId: POST_1, body: 'a' }));
    await add.execute(as(ALICE, { postId: POST_1, body: 'b', parentId: top.id }));
    const kept = await add.execute(as(BOB, { postId: POST_2, body: 'c' }));
    deps.unitOfWork.outbox.length = 0;

    expect(await new RemoveCommentsOnPostDeletedHandler(deps).handle(notice)).toBe(2);

    expect([...deps.unitOfWork.tables.comments.keys()]).toEqual([kept.id]);
    expect(deps.unitOfWork.outbox).toEqual([]);
    // The post is now deleted for commenters too.
    expect(await rejection(add.execute(as(BOB, { postId: POST_1, body: 'late' })))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs once per event', async () => {
    const deps = setup();
    deps.unitOfWork.knowPost(POST_1, ALICE);
    const handler = new RemoveCommentsOnPostDeletedHandler(deps);

    expect(await handler.handle(notice)).toBe(0);
    expect(await handler.handle(notice)).toBeNull();
  });

  it('records a deletion that arrives before the publication: the post stays unknown', async () => {
    const deps = setup();
    await new RemoveCommentsOnPostDeletedHandler(deps).handle(notice);
    expect(await rejection(new AddCommentHandler(deps).execute(as(BOB, { postId: POST_1, body: 'x' })))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
