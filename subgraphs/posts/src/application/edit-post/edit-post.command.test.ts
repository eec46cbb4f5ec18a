import { beforeEach, describe, expect, it } from 'vitest';
import { editPost } from './edit-post.command';
import { MISSING_POST, NOW, arrange } from '../testing/commands.mother';
import { ALICE, BOB, aPost } from '../../domain/post/post.mother';

describe('editPost', () => {
  let { unitOfWork, social, execute } = arrange(editPost);
  beforeEach(() => ({ unitOfWork, social, execute } = arrange(editPost)));

  it('saves the edit and its PostEdited event', async () => {
    const stored = aPost({ version: 1 });
    unitOfWork.seed(stored);
    const edited = await execute(ALICE, { id: stored.id, body: 'Edited', expectedVersion: 1 });
    expect(edited).toMatchObject({ body: 'Edited', version: 2, editedAt: NOW });
    expect(unitOfWork.post(stored.id)).toMatchObject({ body: 'Edited', version: 2 });
    expect(unitOfWork.outbox.map((o) => o.event.type)).toEqual(['PostEdited']);
  });

  it('two edits from version 1 with expectedVersion: the second is a CONFLICT and changes nothing', async () => {
    const stored = aPost({ version: 1 });
    unitOfWork.seed(stored);
    await execute(ALICE, { id: stored.id, body: 'A', expectedVersion: 1 });
    await expect(execute(ALICE, { id: stored.id, body: 'B', expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'POSTS.STALE_VERSION',
    });
    expect(unitOfWork.post(stored.id)?.body).toBe('A');
    expect(unitOfWork.outbox).toHaveLength(1);
  });

  it('two edits racing from the same version (no expectedVersion): the stream takes one, the other is a CONFLICT', async () => {
    const stored = aPost({ version: 1 });
    unitOfWork.seed(stored);
    const results = await Promise.allSettled([execute(ALICE, { id: stored.id, body: 'A' }), execute(ALICE, { id: stored.id, body: 'B' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT', reason: 'POSTS.STALE_VERSION' } });
    expect(unitOfWork.streams.get(stored.id)?.map((e) => e.event.version)).toEqual([1, 2]);
    expect(unitOfWork.outbox).toHaveLength(1);
  });

  it('NOT_FOUND for a missing or deleted post', async () => {
    await expect(execute(ALICE, { id: MISSING_POST, body: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const deleted = aPost({ deletedAt: new Date(), version: 2 });
    unitOfWork.seed(deleted);
    await expect(execute(ALICE, { id: deleted.id, body: 'x' })).rejects.toMatchObject({
      reason: 'POSTS.NOT_FOUND',
    });
  });

  it('FORBIDDEN for someone else, with nothing saved', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    await expect(execute(BOB, { id: stored.id, body: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'POSTS.NOT_AUTHOR',
    });
    expect(unitOfWork.post(stored.id)?.body).toBe(stored.body);
    expect(unitOfWork.outbox).toEqual([]);
  });
  it('tells a follower who can read a FOLLOWERS post FORBIDDEN, and anybody else NOT_FOUND', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS' });
    unitOfWork.seed(stored);
    await expect(execute(BOB, { id: stored.id, body: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(execute(BOB, { id: stored.id, body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('does not confirm a PUBLIC post to someone in a block with its author (NOT_FOUND)', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    social.replica.apply({ kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true });
    await expect(execute(BOB, { id: stored.id, body: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('does not ask the replica when the author acts', async () => {
    const stored = aPost();
    unitOfWork.seed(stored);
    await execute(ALICE, { id: stored.id, body: 'x' });
    expect(social.asked).toBe(0);
  });
});
