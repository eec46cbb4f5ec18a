import { beforeEach, describe, expect, it } from 'vitest';
import { EditPostHandler } from './edit-post.handler';
import { FixedClock, InMemoryPostRepository, InMemorySocialFacts } from '../../../test/support/in-memory-ports';
import { ALICE, BOB, aPost } from '../../../test/support/post.mother';

describe('EditPostHandler', () => {
  let repo: InMemoryPostRepository;
  let clock: FixedClock;
  let social: InMemorySocialFacts;
  let handler: EditPostHandler;

  beforeEach(() => {
    repo = new InMemoryPostRepository();
    clock = new FixedClock();
    social = new InMemorySocialFacts();
    handler = new EditPostHandler(repo, social, clock);
  });

  it('saves the edit and its PostEdited event', async () => {
    const stored = aPost({ version: 1 });
    repo.put(stored);
    const edited = await handler.execute({ postId: stored.id, editorId: ALICE, body: 'Edited', expectedVersion: 1, correlationId: 'c' });
    expect(edited).toMatchObject({ body: 'Edited', version: 2, editedAt: clock.current });
    expect(repo.rows.get(stored.id)).toMatchObject({ body: 'Edited', version: 2 });
    expect(repo.outbox.map((o) => o.event.type)).toEqual(['PostEdited']);
  });

  it('two edits from version 1 with expectedVersion: the second is a CONFLICT and changes nothing', async () => {
    const stored = aPost({ version: 1 });
    repo.put(stored);
    await handler.execute({ postId: stored.id, editorId: ALICE, body: 'A', expectedVersion: 1, correlationId: 'c' });
    await expect(
      handler.execute({ postId: stored.id, editorId: ALICE, body: 'B', expectedVersion: 1, correlationId: 'c' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION' });
    expect(repo.rows.get(stored.id)?.body).toBe('A');
    expect(repo.outbox).toHaveLength(1);
  });

  it('NOT_FOUND for a missing or deleted post', async () => {
    await expect(handler.execute({ postId: 'nope', editorId: ALICE, body: 'x', correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const deleted = aPost({ deletedAt: new Date() });
    repo.put(deleted);
    await expect(handler.execute({ postId: deleted.id, editorId: ALICE, body: 'x', correlationId: 'c' })).rejects.toMatchObject({
      reason: 'POSTS.NOT_FOUND',
    });
  });

  it('FORBIDDEN for someone else, with nothing saved', async () => {
    const stored = aPost();
    repo.put(stored);
    await expect(handler.execute({ postId: stored.id, editorId: BOB, body: 'x', correlationId: 'c' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'POSTS.NOT_AUTHOR',
    });
    expect(repo.rows.get(stored.id)?.body).toBe(stored.body);
    expect(repo.outbox).toEqual([]);
  });
  it('tells a follower who can read a FOLLOWERS post FORBIDDEN, and anybody else NOT_FOUND', async () => {
    const stored = aPost({ visibility: 'FOLLOWERS' });
    repo.put(stored);
    await expect(handler.execute({ postId: stored.id, editorId: BOB, body: 'x', correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    social.replica.apply({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true });
    await expect(handler.execute({ postId: stored.id, editorId: BOB, body: 'x', correlationId: 'c' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(repo.outbox).toEqual([]);
  });

  it('does not confirm a PUBLIC post to someone in a block with its author (NOT_FOUND)', async () => {
    const stored = aPost();
    repo.put(stored);
    social.replica.apply({ kind: 'block', blockerId: ALICE, blockedId: BOB, version: 1, active: true });
    await expect(handler.execute({ postId: stored.id, editorId: BOB, body: 'x', correlationId: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(repo.outbox).toEqual([]);
  });

  it('does not ask the replica when the author acts', async () => {
    const stored = aPost();
    repo.put(stored);
    await handler.execute({ postId: stored.id, editorId: ALICE, body: 'x', correlationId: 'c' });
    expect(social.asked).toBe(0);
  });
});
