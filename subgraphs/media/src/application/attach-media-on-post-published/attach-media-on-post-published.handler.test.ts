import { describe, expect, it } from 'vitest';
import { ALICE, BOB, POST_1, T1, aMediaItem, setup } from '../testing/handlers.mother';
import { attachMediaOnPostPublished } from './attach-media-on-post-published.handler';

const CONSUMER = 'media--attach-media-on-post-published';
const published = (attachmentIds: string[] | undefined, postId = POST_1, authorId = ALICE) => ({
  id: '01935f0e-7a3c-7000-8000-00000000e001',
  payload: { postId, authorId, body: 'hi', visibility: 'PUBLIC', circleIds: [], attachmentIds, publishedAt: T1.toISOString() },
});

describe('AttachMediaOnPostPublished', () => {
  it("records the author's READY items in the author's order and leaves out anything else", async () => {
    const deps = setup();
    const [a, b] = [aMediaItem(), aMediaItem({ kind: 'VIDEO' })];
    const bobs = aMediaItem({ ownerId: BOB });
    const pending = aMediaItem({ status: 'PENDING' });
    for (const item of [a!, b!, bobs, pending]) deps.unitOfWork.store(item);

    const delivered = await deps
      .consumer(attachMediaOnPostPublished, CONSUMER)
      .deliver(published([b!.id, bobs.id, a!.id.toUpperCase(), pending.id]));

    expect(delivered).toBe(true);
    expect(deps.unitOfWork.attachmentIds(POST_1)).toEqual([b!.id, a!.id]);
    expect(deps.unitOfWork.outbox).toEqual([]);
  });

  it('runs once per event, and accepts events written before attachments existed', async () => {
    const deps = setup();
    const handler = deps.consumer(attachMediaOnPostPublished, CONSUMER);
    expect(await handler.deliver(published(undefined))).toBe(true);
    expect(await handler.deliver(published(undefined))).toBe(false);
    expect(deps.unitOfWork.tables.attachments).toEqual([]);
  });

  it('attaches nothing to a post whose deletion arrived first', async () => {
    const deps = setup();
    const item = aMediaItem();
    deps.unitOfWork.store(item);
    deps.unitOfWork.tables.posts.set(POST_1, { authorId: ALICE, deleted: true });

    await deps.consumer(attachMediaOnPostPublished, CONSUMER).deliver(published([item.id]));

    expect(deps.unitOfWork.tables.attachments).toEqual([]);
  });
});
