import { beforeEach, describe, expect, it } from 'vitest';
import { SetPostCommentsDisabledHandler } from './set-post-comments-disabled.handler';
import { FixedClock, InMemoryPostRepository, InMemorySocialFacts } from '../../../test/support/in-memory-ports';
import { ALICE, BOB, aPost } from '../../../test/support/post.mother';

describe('SetPostCommentsDisabledHandler', () => {
  let repo: InMemoryPostRepository;
  let social: InMemorySocialFacts;
  let handler: SetPostCommentsDisabledHandler;

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    social = new InMemorySocialFacts();
    handler = new SetPostCommentsDisabledHandler(repo, social, new FixedClock());
  });

  it('turns comments off then on, one PostCommentsToggled each; the same setting again changes nothing', async () => {
    const stored = aPost({ version: 1 });
    repo.put(stored);
    expect(await handler.execute({ postId: stored.id, actorId: ALICE, disabled: true, expectedVersion: 1, correlationId: 'c' })).toMatchObject({
      commentsDisabled: true,
      version: 2,
    });
    expect(await handler.execute({ postId: stored.id, actorId: ALICE, disabled: true, correlationId: 'c' })).toMatchObject({ version: 2 });
    expect(await handler.execute({ postId: stored.id, actorId: ALICE, disabled: false, expectedVersion: 2, correlationId: 'c' })).toMatchObject({
      commentsDisabled: false,
      version: 3,
    });
    expect(repo.outbox.map((o) => [o.event.type, o.event.version])).toEqual([
      ['PostCommentsToggled', 2],
      ['PostCommentsToggled', 3],
    ]);
    expect(social.asked).toBe(0);
  });

  it('CONFLICT on a stale version, FORBIDDEN for a reader who is not the author, NOT_FOUND when missing', async () => {
    const stored = aPost({ version: 3 });
    repo.put(stored);
    await expect(handler.execute({ postId: stored.id, actorId: ALICE, disabled: true, expectedVersion: 2, correlationId: 'c' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(handler.execute({ postId: stored.id, actorId: BOB, disabled: true, correlationId: 'c' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handler.execute({ postId: 'nope', actorId: ALICE, disabled: true, correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(repo.rows.get(stored.id)).toEqual(stored);
    expect(repo.outbox).toEqual([]);
  });
});
