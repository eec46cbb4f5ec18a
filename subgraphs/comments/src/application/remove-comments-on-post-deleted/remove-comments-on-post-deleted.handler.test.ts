import { describe, expect, it } from 'vitest';
import { addComment } from '../add-comment/add-comment.command';
import { ALICE, BOB, POST_1, POST_2, T1, as, rejection, setup } from '../testing/handlers.mother';
import { removeCommentsOnPostDeleted } from './remove-comments-on-post-deleted.handler';

const CONSUMER = 'comments--remove-comments-on-post-deleted';
const postDeleted = (postId = POST_1, authorId = ALICE) => ({
  id: '01935f0e-7a3c-7000-8000-00000000e001',
  payload: { postId, authorId, deletedAt: T1.toISOString() },
});

describe('RemoveCommentsOnPostDeleted', () => {
  it("deletes the post's comments (replies included) and nothing else, without events", async () => {
    const deps = setup();
    deps.unitOfWork.knowPost(POST_1, ALICE);
    deps.unitOfWork.knowPost(POST_2, ALICE);
    const add = deps.commands.bind(addComment);
    const top = await add.execute(as(BOB, { postId: POST_1, body: 'a' }));
    await add.execute(as(ALICE, { postId: POST_1, body: 'b', parentId: top.id }));
    const kept = await add.execute(as(BOB, { postId: POST_2, body: 'c' }));
    deps.unitOfWork.outbox.length = 0;

    expect(await deps.consumer(removeCommentsOnPostDeleted, CONSUMER).deliver(postDeleted())).toBe(true);

    expect([...deps.unitOfWork.tables.comments.keys()]).toEqual([kept.id]);
    expect(deps.unitOfWork.outbox).toEqual([]);
    // The post is now deleted for commenters too.
    expect(await rejection(add.execute(as(BOB, { postId: POST_1, body: 'late' })))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs once per event', async () => {
    const deps = setup();
    deps.unitOfWork.knowPost(POST_1, ALICE);
    const handler = deps.consumer(removeCommentsOnPostDeleted, CONSUMER);

    expect(await handler.deliver(postDeleted())).toBe(true);
    expect(await handler.deliver(postDeleted())).toBe(false);
  });

  it('records a deletion that arrives before the publication: the post stays unknown', async () => {
    const deps = setup();
    await deps.consumer(removeCommentsOnPostDeleted, CONSUMER).deliver(postDeleted());
    expect(await rejection(deps.commands.bind(addComment).execute(as(BOB, { postId: POST_1, body: 'x' })))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('receives the ids canonical (lower case) from the contract, whatever the producer wrote', async () => {
    const deps = setup();
    deps.unitOfWork.knowPost(POST_1, ALICE);
    await deps.commands.bind(addComment).execute(as(BOB, { postId: POST_1, body: 'a' }));

    await deps.consumer(removeCommentsOnPostDeleted, CONSUMER).deliver(postDeleted(POST_1.toUpperCase(), ALICE.toUpperCase()));

    expect(deps.unitOfWork.tables.comments.size).toBe(0);
    expect(deps.unitOfWork.tables.posts.get(POST_1)).toMatchObject({ authorId: ALICE, deleted: true });
  });
});
