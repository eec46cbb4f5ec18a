import { describe, expect, it } from 'vitest';
import { addComment } from '../add-comment/add-comment.command';
import { deleteComment } from '../delete-comment/delete-comment.command';
import { ALICE, BOB, CAROL, POST_1, T1, as, rejection, setup } from '../testing/handlers.mother';
import { hideCommentsOnContentRemoved } from './hide-comments-on-content-removed.handler';
import { showCommentsOnContentRestored } from './show-comments-on-content-restored.handler';

const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const at = (minutes: number) => new Date(T1.getTime() + minutes * 60_000).toISOString();
let seq = 0;
const eventId = () => `01935f0e-7a3c-7000-8000-${(++seq).toString(16).padStart(12, '0')}`;
const subject = (subjectId: string, authorId: string, type: 'POST' | 'COMMENT' = 'COMMENT') => ({
  subjectType: type,
  subjectId,
  postId: POST_1,
  authorId,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});
const removed = (subjectId: string, authorId: string, type: 'POST' | 'COMMENT', minutes: number, id = eventId()) => ({
  id,
  payload: { ...subject(subjectId, authorId, type), removedAt: at(minutes) },
});
const restored = (subjectId: string, authorId: string, type: 'POST' | 'COMMENT', minutes: number, id = eventId()) => ({
  id,
  payload: { ...subject(subjectId, authorId, type), restoredAt: at(minutes) },
});

async function arranged() {
  const deps = setup();
  deps.unitOfWork.knowPost(POST_1, ALICE);
  const top = await deps.commands.bind(addComment).execute(as(BOB, { postId: POST_1, body: 'top' }));
  return {
    deps,
    top,
    hide: deps.consumer(hideCommentsOnContentRemoved, 'comments--hide-comments-on-content-removed'),
    show: deps.consumer(showCommentsOnContentRestored, 'comments--show-comments-on-content-restored'),
    removalOf: (id: string) => deps.unitOfWork.tables.moderation.get(id),
  };
}

describe('HideCommentsOnContentRemoved / ShowCommentsOnContentRestored', () => {
  it('applies a removal once: the same event twice is skipped by the inbox', async () => {
    const { top, hide, removalOf } = await arranged();
    const event = removed(top.id, BOB, 'COMMENT', 1);
    expect(await hide.deliver(event)).toBe(true);
    expect(await hide.deliver(event)).toBe(false);
    expect(removalOf(top.id)).toMatchObject({ removed: true, decidedAt: new Date(at(1)), authorId: BOB });
  });

  it('removed → restored → removed again with new events ends removed; a late older decision changes nothing', async () => {
    const { top, hide, show, removalOf } = await arranged();
    await hide.deliver(removed(top.id, BOB, 'COMMENT', 1));
    await show.deliver(restored(top.id, BOB, 'COMMENT', 2));
    expect(removalOf(top.id)?.removed).toBe(false);
    await hide.deliver(removed(top.id, BOB, 'COMMENT', 3));
    expect(removalOf(top.id)).toMatchObject({ removed: true, decidedAt: new Date(at(3)) });
    // The restoration arriving late (its consumer is another durable) loses to the newer removal.
    await show.deliver(restored(top.id, BOB, 'COMMENT', 2));
    expect(removalOf(top.id)?.removed).toBe(true);
    // At the same instant a removal wins, whatever the order.
    await show.deliver(restored(top.id, BOB, 'COMMENT', 3));
    expect(removalOf(top.id)?.removed).toBe(true);
  });

  it('refuses a comment on a removed post as if it did not exist (its author too), and accepts it after the restoration', async () => {
    const { deps, hide, show } = await arranged();
    const add = deps.commands.bind(addComment);
    await hide.deliver(removed(POST_1, ALICE, 'POST', 1));
    for (const who of [BOB, ALICE])
      expect(await rejection(add.execute(as(who, { postId: POST_1, body: 'x' })))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'COMMENTS.POST_NOT_FOUND',
      });
    await show.deliver(restored(POST_1, ALICE, 'POST', 2));
    await expect(add.execute(as(BOB, { postId: POST_1, body: 'back' }))).resolves.toMatchObject({ body: 'back' });
  });

  it('refuses a reply to a removed comment as PARENT_NOT_FOUND', async () => {
    const { deps, top, hide } = await arranged();
    await hide.deliver(removed(top.id, BOB, 'COMMENT', 1));
    expect(
      await rejection(deps.commands.bind(addComment).execute(as(CAROL, { postId: POST_1, body: 'r', parentId: top.id }))),
    ).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'COMMENTS.PARENT_NOT_FOUND',
    });
  });

  it("lets the author delete their removed comment; the post's author no longer finds it", async () => {
    const { deps, top, hide } = await arranged();
    const del = deps.commands.bind(deleteComment);
    await hide.deliver(removed(top.id, BOB, 'COMMENT', 1));
    expect(await rejection(del.execute(as(ALICE, { id: top.id })))).toMatchObject({ code: 'NOT_FOUND' });
    await expect(del.execute(as(BOB, { id: top.id }))).resolves.toBe(true);
    expect(deps.unitOfWork.tables.comments.has(top.id)).toBe(false);
  });
});
