import { beforeEach, describe, expect, it } from 'vitest';
import { changePostVisibility } from './change-post-visibility.command';
import { MISSING_POST, NOW, arrange } from '../testing/commands.mother';
import { ALICE, BOB, CIRCLE_1, aPost } from '../../domain/post/post.mother';

describe('changePostVisibility', () => {
  let { unitOfWork, social, execute } = arrange(changePostVisibility);
  beforeEach(() => ({ unitOfWork, social, execute } = arrange(changePostVisibility)));

  it('saves the new audience with its PostVisibilityChanged event and returns the post; the author needs no replica', async () => {
    const stored = aPost({ version: 2 });
    unitOfWork.seed(stored);
    const changed = await execute(ALICE, { id: stored.id, visibility: 'CIRCLE', circleIds: [CIRCLE_1], expectedVersion: 2 });
    expect(changed).toMatchObject({ visibility: 'CIRCLE', circleIds: [CIRCLE_1], version: 3 });
    expect(unitOfWork.post(stored.id)).toMatchObject({ visibility: 'CIRCLE', version: 3 });
    expect(unitOfWork.outbox).toEqual([
      {
        event: expect.objectContaining({ type: 'PostVisibilityChanged', version: 3, at: NOW }),
        meta: { actorId: ALICE, correlationId: 'c', causationId: null },
      },
    ]);
    expect(social.asked).toBe(0);
  });

  it('the same audience: returns the post as it is, saves and queues nothing', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS', version: 4 });
    unitOfWork.seed(stored);
    const same = await execute(ALICE, { id: stored.id, visibility: 'FOLLOWERS', expectedVersion: 4 });
    expect(same).toEqual(stored);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('NOT_FOUND for a missing post; for someone else, FORBIDDEN or NOT_FOUND as the replica says, with nothing saved', async () => {
    await expect(execute(ALICE, { id: MISSING_POST, visibility: 'PUBLIC' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const stored = aPost({ visibility: 'FOLLOWERS' });
    unitOfWork.seed(stored);
    const asBob = { id: stored.id, visibility: 'PUBLIC' as const };
    await expect(execute(BOB, asBob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(execute(BOB, asBob)).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'POSTS.NOT_AUTHOR' });
    expect(social.asked).toBe(2);
    expect(unitOfWork.post(stored.id)).toEqual(stored);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('two changes from the same version: the second is a CONFLICT', async () => {
    const stored = aPost({ version: 1 });
    unitOfWork.seed(stored);
    await execute(ALICE, { id: stored.id, visibility: 'FOLLOWERS', expectedVersion: 1 });
    await expect(execute(ALICE, { id: stored.id, visibility: 'CIRCLE', circleIds: [CIRCLE_1], expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(unitOfWork.post(stored.id)).toMatchObject({ visibility: 'FOLLOWERS', version: 2 });
    expect(unitOfWork.outbox).toHaveLength(1);
  });
});
