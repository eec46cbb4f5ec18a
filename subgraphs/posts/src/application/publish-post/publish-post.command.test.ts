import { beforeEach, describe, expect, it } from 'vitest';
import { publishPost } from './publish-post.command';
import { NOW, arrange } from '../testing/commands.mother';
import { ALICE } from '../../domain/post/post.mother';
import { PostError } from '../../domain/post/post.errors';

describe('publishPost', () => {
  let { unitOfWork, execute } = arrange(publishPost);
  beforeEach(() => ({ unitOfWork, execute } = arrange(publishPost)));

  it('stores the post with a generated id and the clock time, and queues PostPublished with the request meta', async () => {
    const post = await execute(ALICE, { body: 'First!', visibility: 'PUBLIC' }, 'req-1');
    expect(post).toMatchObject({ id: '01900000-0000-7000-8000-000000000001', authorId: ALICE, version: 1, createdAt: NOW });
    expect(unitOfWork.post(post.id)).toMatchObject({ body: 'First!', visibility: 'PUBLIC' });
    expect(unitOfWork.outbox).toEqual([
      {
        event: expect.objectContaining({ type: 'PostPublished', postId: post.id, version: 1 }),
        meta: { actorId: ALICE, correlationId: 'req-1', causationId: null },
      },
    ]);
  });

  it('passes commentsDisabled through (default false)', async () => {
    const off = await execute(ALICE, { body: 'no comments', visibility: 'PUBLIC', commentsDisabled: true });
    const on = await execute(ALICE, { body: 'comments', visibility: 'PUBLIC' });
    expect([off.commentsDisabled, on.commentsDisabled]).toEqual([true, false]);
    expect(unitOfWork.outbox.map((o) => o.event)).toMatchObject([{ commentsDisabled: true }, { commentsDisabled: false }]);
  });

  it('stores nothing and queues nothing when the input is invalid', async () => {
    await expect(execute(ALICE, { body: '', visibility: 'PUBLIC' })).rejects.toBeInstanceOf(PostError);
    expect(unitOfWork.streams.size).toBe(0);
    expect(unitOfWork.outbox).toEqual([]);
  });
});
