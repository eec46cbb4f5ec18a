import { beforeEach, describe, expect, it } from 'vitest';
import { DeletePostHandler } from './delete-post.handler';
import { FixedClock, InMemoryPostRepository, InMemorySocialFacts } from '../../../test/support/in-memory-ports';
import { ALICE, BOB, aPost } from '../../../test/support/post.mother';

describe('DeletePostHandler', () => {
  let repo: InMemoryPostRepository;
  let clock: FixedClock;
  let social: InMemorySocialFacts;
  let handler: DeletePostHandler;

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    clock = new FixedClock();
    social = new InMemorySocialFacts();
    handler = new DeletePostHandler(repo, social, clock);
  });

  it('soft-deletes the post and queues PostDeleted; the post is then gone', async () => {
    const stored = aPost();
    repo.put(stored);
    await handler.execute({ postId: stored.id, actorId: ALICE, correlationId: 'c' });
    expect(repo.rows.get(stored.id)?.deletedAt).toEqual(clock.current);
    expect(repo.outbox.map((o) => o.event.type)).toEqual(['PostDeleted']);
    expect(await repo.findById(stored.id)).toBeNull();
    await expect(handler.execute({ postId: stored.id, actorId: ALICE, correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('FORBIDDEN for someone else', async () => {
    const stored = aPost();
    repo.put(stored);
    await expect(handler.execute({ postId: stored.id, actorId: BOB, correlationId: 'c' })).rejects.toMatchObject({ reason: 'POSTS.NOT_AUTHOR' });
    expect(repo.rows.get(stored.id)?.deletedAt).toBeNull();
  });
  it('tells a follower who can read a FOLLOWERS post FORBIDDEN, and anybody else NOT_FOUND', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS' });
    repo.put(stored);
    await expect(handler.execute({ postId: stored.id, actorId: BOB, correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(handler.execute({ postId: stored.id, actorId: BOB, correlationId: 'c' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(repo.outbox).toEqual([]);
  });

  it('does not confirm a PUBLIC post to someone in a block with its author (NOT_FOUND)', async () => {
    const stored = aPost();
    repo.put(stored);
    social.replica.apply({ kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true });
    await expect(handler.execute({ postId: stored.id, actorId: BOB, correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(repo.outbox).toEqual([]);
  });

  it('does not ask the replica when the author acts', async () => {
    const stored = aPost();
    repo.put(stored);
    await handler.execute({ postId: stored.id, actorId: ALICE, correlationId: 'c' });
    expect(social.asked).toBe(0);
  });
});
