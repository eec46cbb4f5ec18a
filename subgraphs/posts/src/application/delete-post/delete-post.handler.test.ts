import { beforeEach, describe, expect, it } from 'vitest';
import { DeletePostHandler } from './delete-post.handler';
import { FixedClock, InMemoryPostRepository } from '../../../test/support/in-memory-ports';
import { ALICE, BOB, aPost } from '../../../test/support/post.mother';

describe('DeletePostHandler', () => {
  let repo: InMemoryPostRepository;
  let clock: FixedClock;
  let handler: DeletePostHandler;

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    clock = new FixedClock();
    handler = new DeletePostHandler(repo, clock);
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
});
