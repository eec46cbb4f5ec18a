import { beforeEach, describe, expect, it } from 'vitest';
import { publishPost } from './publish-post.command';
import { NOW, arrange } from '../testing/commands.mother';
import { ALICE, BOB } from '../../domain/post/post.mother';
import { PostError } from '../../domain/post/post.errors';

const media = (n: number) => `01900000-0000-7000-8000-0000000e${n.toString(16).padStart(4, '0')}`;
const READY_AT = new Date('2026-01-01T00:00:00.000Z');

describe('publishPost', () => {
  let { unitOfWork, execute } = arrange(publishPost);
  beforeEach(() => ({ unitOfWork, execute } = arrange(publishPost)));

  /** Alice's item `n`, READY as far as the replica knows. */
  const readyItem = async (n: number, ownerId = ALICE) => {
    await unitOfWork.media.recordReady({ mediaId: media(n), ownerId, kind: 'IMAGE', readyAt: READY_AT });
    return media(n);
  };
  /** The command fails with this reason on `attachmentIds`, and nothing is stored or queued. */
  const refused = async (input: Record<string, unknown>, reason: string) => {
    await expect(execute(ALICE, { body: 'with media', ...input })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason,
      field: 'attachmentIds',
    });
    expect(unitOfWork.streams.size).toBe(0);
    expect(unitOfWork.outbox).toEqual([]);
  };

  it.each([
    ['a control character', 'bell\u0007', 'POSTS.CONTROL_CHARACTER'],
    ['a bidi override', 'see \u202Egnp.exe', 'POSTS.BIDI_CONTROL'],
    ['only zero-width characters', '\u200B\u2060\u00AD', 'POSTS.INVISIBLE_TEXT'],
  ])('refuses a body with %s (the shared user-text rule) and stores nothing', async (_label, body, reason) => {
    await expect(execute(ALICE, { body })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason, field: 'body' });
    expect(unitOfWork.streams.size).toBe(0);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('stores the body NFC-normalised, line breaks and tabs kept', async () => {
    const post = await execute(ALICE, { body: 'Cafe\u0301\r\n\tok' });
    expect(unitOfWork.post(post.id)?.body).toBe('Caf\u00E9\n\tok');
  });

  it("attaches the author's READY items in the author's order (ids lower-cased), in the snapshot and PostPublished", async () => {
    const [first, second, third] = [await readyItem(3), await readyItem(1), await readyItem(2)];
    const post = await execute(ALICE, { body: 'album', attachmentIds: [first, second.toUpperCase(), third] });
    expect(post.attachmentIds).toEqual([first, second, third]);
    expect(unitOfWork.post(post.id)?.attachmentIds).toEqual([first, second, third]);
    expect(unitOfWork.outbox.map((o) => o.event)).toMatchObject([{ type: 'PostPublished', attachmentIds: [first, second, third] }]);
  });

  it('takes exactly 10 attachments; no attachments (absent, null or empty) asks the replica nothing', async () => {
    const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => readyItem(i + 1)));
    expect((await execute(ALICE, { body: 'ten', attachmentIds: ten })).attachmentIds).toEqual(ten);
    unitOfWork.media.asked = 0;
    for (const attachmentIds of [undefined, null, []]) {
      expect((await execute(ALICE, { body: 'none', attachmentIds })).attachmentIds).toEqual([]);
    }
    expect(unitOfWork.media.asked).toBe(0);
  });

  it('refuses more than 10 attachments with POSTS.TOO_MANY_ATTACHMENTS, before asking the replica', async () => {
    const eleven = await Promise.all(Array.from({ length: 11 }, (_, i) => readyItem(i + 1)));
    await refused({ attachmentIds: eleven }, 'POSTS.TOO_MANY_ATTACHMENTS');
    expect(unitOfWork.media.asked).toBe(0);
  });

  it('refuses the same item twice (also in another case) with POSTS.DUPLICATE_ATTACHMENT', async () => {
    const item = await readyItem(1);
    await refused({ attachmentIds: [item, await readyItem(2), item] }, 'POSTS.DUPLICATE_ATTACHMENT');
    await refused({ attachmentIds: [item, item.toUpperCase()] }, 'POSTS.DUPLICATE_ATTACHMENT');
  });

  it('refuses an unknown, not (yet) READY, deleted or foreign item, or a non-id, with the one reason POSTS.ATTACHMENT_NOT_AVAILABLE', async () => {
    const mine = await readyItem(1);
    const deleted = await readyItem(2);
    await unitOfWork.media.recordDeleted({ mediaId: deleted, ownerId: ALICE, deletedAt: READY_AT });
    // Deleted before its `ready` arrived: the tombstone wins.
    await unitOfWork.media.recordDeleted({ mediaId: media(3), ownerId: ALICE, deletedAt: READY_AT });
    await readyItem(3);
    const bobs = await readyItem(4, BOB);
    for (const other of [media(99), deleted, media(3), bobs, 'not-a-media-id']) {
      await refused({ attachmentIds: [mine, other] }, 'POSTS.ATTACHMENT_NOT_AVAILABLE');
    }
    // Bob may attach his own item.
    expect((await execute(BOB, { body: 'mine', attachmentIds: [bobs] })).attachmentIds).toEqual([bobs]);
  });

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
