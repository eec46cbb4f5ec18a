import { beforeEach, describe, expect, it } from 'vitest';
import { PublishPostHandler } from './publish-post.handler';
import { FixedClock, InMemoryPostRepository, SequentialIds } from '../../../test/support/in-memory-ports';
import { ALICE } from '../../../test/support/post.mother';
import { PostError } from '../../domain/post/post.errors';

describe('PublishPostHandler', () => {
  let repo: InMemoryPostRepository;
  let clock: FixedClock;
  let handler: PublishPostHandler;

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    clock = new FixedClock();
    handler = new PublishPostHandler(repo, clock, new SequentialIds());
  });

  it('stores the post with a generated id and the clock time, and queues PostPublished with the request meta', async () => {
    const post = await handler.execute({ authorId: ALICE, body: 'First!', visibility: 'PUBLIC', correlationId: 'req-1' });
    expect(post).toMatchObject({ id: '01900000-0000-7000-8000-000000000001', authorId: ALICE, version: 1, createdAt: clock.current });
    expect(repo.rows.get(post.id)).toMatchObject({ body: 'First!', visibility: 'PUBLIC' });
    expect(repo.outbox).toEqual([
      { event: expect.objectContaining({ type: 'PostPublished', postId: post.id, version: 1 }), meta: { actorId: ALICE, correlationId: 'req-1' } },
    ]);
  });

  it('passes commentsDisabled through (default false)', async () => {
    const off = await handler.execute({ authorId: ALICE, body: 'no comments', visibility: 'PUBLIC', commentsDisabled: true, correlationId: 'r' });
    const on = await handler.execute({ authorId: ALICE, body: 'comments', visibility: 'PUBLIC', correlationId: 'r' });
    expect([off.commentsDisabled, on.commentsDisabled]).toEqual([true, false]);
    expect(repo.outbox.map((o) => o.event)).toMatchObject([{ commentsDisabled: true }, { commentsDisabled: false }]);
  });

  it('stores nothing and queues nothing when the input is invalid', async () => {
    await expect(handler.execute({ authorId: ALICE, body: '', visibility: 'PUBLIC', correlationId: 'r' })).rejects.toBeInstanceOf(PostError);
    expect(repo.rows.size).toBe(0);
    expect(repo.outbox).toEqual([]);
  });
});
