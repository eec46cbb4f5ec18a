import { bindConsumer } from '@agora/context-runtime';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, aPost } from '../../domain/post/post.mother';
import { deletePost } from '../delete-post/delete-post.command';
import { editPost } from '../edit-post/edit-post.command';
import { restorePostOnContentRestored } from '../restore-post-on-content-restored/restore-post-on-content-restored.handler';
import { by, setup } from '../testing/commands.mother';
import { changePostVisibility } from '../change-post-visibility/change-post-visibility.command';
import { removePostOnContentRemoved } from './remove-post-on-content-removed.handler';

const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const eventId = (n: number) => `01900000-0000-7000-b000-${n.toString(16).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 3, 0, minute)).toISOString();

function decision(n: number, postId: string, minute: number, subjectType: 'POST' | 'COMMENT' = 'POST') {
  return {
    id: eventId(n),
    payload: { subjectType, subjectId: postId, postId, authorId: ALICE, moderatorId: MODERATOR, reportId: null, reason: 'spam' },
    minute,
  };
}
const removal = (n: number, postId: string, minute: number, subjectType?: 'POST' | 'COMMENT') => {
  const { id, payload } = decision(n, postId, minute, subjectType);
  return { id, payload: { ...payload, removedAt: at(minute) } };
};
const restoration = (n: number, postId: string, minute: number) => {
  const { id, payload } = decision(n, postId, minute);
  return { id, payload: { ...payload, restoredAt: at(minute) } };
};

describe('RemovePostOnContentRemoved / RestorePostOnContentRestored', () => {
  let deps = setup();
  let remove = bindConsumer(deps.unitOfWork, removePostOnContentRemoved);
  let restore = bindConsumer(deps.unitOfWork, restorePostOnContentRestored);
  beforeEach(() => {
    deps = setup();
    remove = bindConsumer(deps.unitOfWork, removePostOnContentRemoved);
    restore = bindConsumer(deps.unitOfWork, restorePostOnContentRestored);
  });
  const typesOf = (postId: string) => deps.unitOfWork.streams.get(postId)!.map((recorded) => recorded.event.type);

  it('records the removal in the stream once per event (a redelivery changes nothing), under the decision event id, unpublished', async () => {
    const post = aPost();
    deps.unitOfWork.seed(post);
    expect(await remove.deliver(removal(1, post.id, 1))).toBe(true);
    expect(await remove.deliver(removal(1, post.id, 1))).toBe(false);

    expect(typesOf(post.id)).toEqual(['PostPublished', 'PostRemovedByModeration']);
    expect(deps.unitOfWork.streams.get(post.id)![1]!.eventId).toBe(eventId(1));
    expect(deps.unitOfWork.post(post.id)).toMatchObject({ version: 2, removedAt: new Date(at(1)), body: post.body });
    expect(deps.unitOfWork.outbox).toEqual([]);
  });

  it('removed → restored → removed again with a new event: each applied, the post back exactly as it was in between', async () => {
    const post = aPost({ visibility: 'FOLLOWERS' });
    deps.unitOfWork.seed(post);
    await remove.deliver(removal(1, post.id, 1));
    expect(await restore.deliver(restoration(2, post.id, 2))).toBe(true);
    expect(await restore.deliver(restoration(2, post.id, 2))).toBe(false);
    expect(deps.unitOfWork.post(post.id)).toMatchObject({ removedAt: null, visibility: 'FOLLOWERS', body: post.body, version: 3 });
    expect(await remove.deliver(removal(3, post.id, 3))).toBe(true);
    expect(deps.unitOfWork.post(post.id)).toMatchObject({ removedAt: new Date(at(3)), version: 4 });
    expect(typesOf(post.id)).toEqual(['PostPublished', 'PostRemovedByModeration', 'PostRestoredByModeration', 'PostRemovedByModeration']);
  });

  it('the newest decision wins: one decided before the last applied decision (arriving late) records nothing', async () => {
    const post = aPost();
    deps.unitOfWork.seed(post);
    // restored at minute 2 arrives before the removal of minute 1 it reversed.
    await restore.deliver(restoration(2, post.id, 2));
    await remove.deliver(removal(1, post.id, 1));
    expect(deps.unitOfWork.post(post.id)?.removedAt).toBeNull();
    // a second removal (minute 4) while removed keeps the first removal's time; the late restoration of minute 3 loses to it.
    await remove.deliver(removal(3, post.id, 3));
    await remove.deliver(removal(5, post.id, 4));
    await restore.deliver(restoration(4, post.id, 3));
    expect(deps.unitOfWork.post(post.id)?.removedAt).toEqual(new Date(at(3)));
    // At the same instant as the removal in force, the removal wins (whichever arrives first).
    await restore.deliver(restoration(6, post.id, 4));
    expect(deps.unitOfWork.post(post.id)?.removedAt).toEqual(new Date(at(3)));
    const other = aPost();
    deps.unitOfWork.seed(other);
    await restore.deliver(restoration(7, other.id, 9));
    await remove.deliver(removal(8, other.id, 9));
    expect(deps.unitOfWork.post(other.id)?.removedAt).toEqual(new Date(at(9)));
  });

  it("leaves comments' removals, unknown and deleted posts alone", async () => {
    const post = aPost();
    const deleted = aPost({ version: 2, deletedAt: new Date('2026-01-02T00:00:00.000Z') });
    deps.unitOfWork.seed(post);
    deps.unitOfWork.seed(deleted);
    expect(await remove.deliver(removal(1, post.id, 1, 'COMMENT'))).toBe(true);
    await remove.deliver(removal(2, deleted.id, 1));
    await remove.deliver(removal(3, '01900000-0000-7000-9000-00000000dead', 1));
    expect(typesOf(post.id)).toEqual(['PostPublished']);
    expect(typesOf(deleted.id)).toEqual(['PostPublished', 'PostDeleted']);
  });

  it('a removed post: its author may not edit it or change its audience (POSTS.REMOVED) but may delete it; others get NOT_FOUND', async () => {
    const post = aPost();
    deps.unitOfWork.seed(post);
    await remove.deliver(removal(1, post.id, 1));
    await expect(deps.commands.execute(editPost, by(ALICE, { id: post.id, body: 'new' }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'POSTS.REMOVED',
    });
    await expect(deps.commands.execute(changePostVisibility, by(ALICE, { id: post.id, visibility: 'FOLLOWERS' }))).rejects.toMatchObject({
      reason: 'POSTS.REMOVED',
    });
    await expect(deps.commands.execute(editPost, by(BOB, { id: post.id, body: 'new' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deps.commands.execute(deletePost, by(BOB, { id: post.id }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await deps.commands.execute(deletePost, by(ALICE, { id: post.id }))).toBe(true);
    expect(deps.unitOfWork.outbox.map((entry) => entry.event.type)).toEqual(['PostDeleted']);
    // A restoration after the author deleted it brings nothing back.
    await restore.deliver(restoration(2, post.id, 2));
    expect(deps.unitOfWork.post(post.id)).toMatchObject({ removedAt: new Date(at(1)), deletedAt: expect.any(Date) });
  });
});
