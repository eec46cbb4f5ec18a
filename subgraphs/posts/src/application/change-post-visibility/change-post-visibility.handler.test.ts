import { beforeEach, describe, expect, it } from 'vitest';
import { ChangePostVisibilityHandler } from './change-post-visibility.handler';
import { FixedClock, InMemoryPostRepository, InMemorySocialFacts } from '../../../test/support/in-memory-ports';
import { ALICE, BOB, CIRCLE_1, aPost } from '../../../test/support/post.mother';

describe('ChangePostVisibilityHandler', () => {
  let repo: InMemoryPostRepository;
  let social: InMemorySocialFacts;
  let clock: FixedClock;
  let handler: ChangePostVisibilityHandler;
  const command = { actorId: ALICE, correlationId: 'c' };

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    social = new InMemorySocialFacts();
    clock = new FixedClock();
    handler = new ChangePostVisibilityHandler(repo, social, clock);
  });

  it('saves the new audience with its PostVisibilityChanged event and returns the post; the author needs no replica', async () => {
    const stored = aPost({ version: 2 });
    repo.put(stored);
    const changed = await handler.execute({ ...command, postId: stored.id, visibility: 'CIRCLE', circleIds: [CIRCLE_1], expectedVersion: 2 });
    expect(changed).toMatchObject({ visibility: 'CIRCLE', circleIds: [CIRCLE_1], version: 3 });
    expect(repo.rows.get(stored.id)).toMatchObject({ visibility: 'CIRCLE', version: 3 });
    expect(repo.outbox).toEqual([
      { event: expect.objectContaining({ type: 'PostVisibilityChanged', version: 3, at: clock.current }), meta: { actorId: ALICE, correlationId: 'c' } },
    ]);
    expect(social.asked).toBe(0);
  });

  it('the same audience: returns the post as it is, saves and queues nothing', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS', version: 4 });
    repo.put(stored);
    const same = await handler.execute({ ...command, postId: stored.id, visibility: 'FOLLOWERS', expectedVersion: 4 });
    expect(same).toEqual(stored);
    expect(repo.outbox).toEqual([]);
  });

  it('NOT_FOUND for a missing post; for someone else, FORBIDDEN or NOT_FOUND as the replica says, with nothing saved', async () => {
    await expect(handler.execute({ ...command, postId: 'nope', visibility: 'PUBLIC' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const stored = aPost({ visibility: 'FOLLOWERS' });
    repo.put(stored);
    const asBob = { actorId: BOB, correlationId: 'c', postId: stored.id, visibility: 'PUBLIC' as const };
    await expect(handler.execute(asBob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(handler.execute(asBob)).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'POSTS.NOT_AUTHOR' });
    expect(social.asked).toBe(2);
    expect(repo.rows.get(stored.id)).toEqual(stored);
    expect(repo.outbox).toEqual([]);
  });

  it('two changes from the same version: the second is a CONFLICT', async () => {
    const stored = aPost({ version: 1 });
    repo.put(stored);
    await handler.execute({ ...command, postId: stored.id, visibility: 'FOLLOWERS', expectedVersion: 1 });
    await expect(handler.execute({ ...command, postId: stored.id, visibility: 'CIRCLE', circleIds: [CIRCLE_1], expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(repo.rows.get(stored.id)).toMatchObject({ visibility: 'FOLLOWERS', version: 2 });
    expect(repo.outbox).toHaveLength(1);
  });
});
