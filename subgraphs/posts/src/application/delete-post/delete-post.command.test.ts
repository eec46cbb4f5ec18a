import { beforeEach, describe, expect, it } from 'vitest';
import { deletePost } from './delete-post.command';
import { NOW, arrange } from '../testing/commands.mother';
import { ALICE, BOB, aPost } from '../../domain/post/post.mother';

describe('deletePost', () => {
  let { unitOfWork, social, execute } = arrange(deletePost);
  beforeEach(() => ({ unitOfWork, social, execute } = arrange(deletePost)));

  it('soft-deletes the post and queues PostDeleted; the post is then gone', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    await execute(ALICE, { id: stored.id });
    expect(unitOfWork.post(stored.id)?.deletedAt).toEqual(NOW);
    expect(unitOfWork.outbox.map((o) => o.event.type)).toEqual(['PostDeleted']);
    expect(await unitOfWork.load(stored.id)).toBeNull();
    await expect(execute(ALICE, { id: stored.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('FORBIDDEN for someone else', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    await expect(execute(BOB, { id: stored.id })).rejects.toMatchObject({ reason: 'POSTS.NOT_AUTHOR' });
    expect(unitOfWork.post(stored.id)?.deletedAt).toBeNull();
  });
  it('tells a follower who can read a FOLLOWERS post FORBIDDEN, and anybody else NOT_FOUND', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS' });
    unitOfWork.seed(stored);
    await expect(execute(BOB, { id: stored.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(execute(BOB, { id: stored.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('does not confirm a PUBLIC post to someone in a block with its author (NOT_FOUND)', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    social.replica.apply({ kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true });
    await expect(execute(BOB, { id: stored.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('does not ask the replica when the author acts', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    await execute(ALICE, { id: stored.id });
    expect(social.asked).toBe(0);
  });
});
