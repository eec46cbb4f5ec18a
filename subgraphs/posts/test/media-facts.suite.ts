import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { EventEnvelope } from '@agora/events';
import type { Viewer } from '@agora/service-kit';
import { publishEnvelope, waitFor } from '@agora/testing';
import type { OpenHarness } from './support/backends';
import { aMediaId, mediaDeleted, mediaReady } from './support/media-events';
import type { PostsHarness } from './support/posts-harness';

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`;
const READY_DURABLE = 'posts--record-media-on-media-item-ready';
const DELETED_DURABLE = 'posts--record-media-deletion-on-media-item-deleted';

let n = 0;
const aUser = (): Viewer => ({ userId: randomUUID(), username: `media_${++n}` });

/**
 * Posts' replica of media's facts, fed by media.item.ready.v1 / media.item.deleted.v1 over real
 * NATS into the real database, and what createPost makes of it.
 */
export function describeMediaFacts(backend: string, open: OpenHarness) {
  describe(`posts' replica of media facts on ${backend}`, () => {
    let h: PostsHarness;
    let close: (() => Promise<void>) | undefined;
    let nc: NatsConnection;
    let js: JetStreamClient;
    let jsm: JetStreamManager;
    beforeAll(async () => {
      ({ harness: h, close } = await open());
      nc = await connect({ servers: h.nats.url, name: 'posts-media-test' });
      js = jetstream(nc);
      jsm = await jetstreamManager(nc);
    });
    afterAll(async () => {
      await nc?.close();
      await close?.();
    });

    /** Publishes as media's relay would (or under another msgID, past JetStream's dedup) and waits until `durable` acked it. */
    async function deliver(envelope: EventEnvelope, durable: string, msgID = envelope.id): Promise<void> {
      const { seq } = await publishEnvelope(js, envelope, msgID);
      await waitFor(
        async () => {
          const info = await jsm.consumers.info('MEDIA', durable);
          return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
        },
        { timeoutMs: 20_000, message: `${durable} never acked ${envelope.type} #${seq}` },
      );
    }
    const fact = (mediaId: string) => h.app.prisma.mediaItemFact.findUnique({ where: { mediaId } });
    const inbox = (eventId: string) => h.app.prisma.inboxEvent.findMany({ where: { eventId } });
    const create = (viewer: Viewer, attachmentIds: string[]) => h.request(CREATE, { input: { body: 'with media', attachmentIds } }, viewer);
    const reasonOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;

    it("attaches the author's READY items in order: stored in the stream and the read table, published in posts.post.published.v1", async () => {
      const alice = aUser();
      const [a, b] = [aMediaId(), aMediaId()];
      for (const id of [a, b]) await deliver(mediaReady(id, alice.userId, id === a ? 'VIDEO' : 'IMAGE'), READY_DURABLE);
      expect(await fact(a)).toMatchObject({ ownerId: alice.userId, kind: 'VIDEO', deletedAt: null });

      const res = await create(alice, [b, a]);
      expect(res.errors).toBeUndefined();
      const postId = (res.data as { createPost: { id: string } }).createPost.id;
      const [stored] = await h.app.prisma.postEvent.findMany({ where: { postId } });
      expect(stored!.payload).toMatchObject({ attachmentIds: [b, a] });
      expect((await h.app.prisma.post.findUniqueOrThrow({ where: { id: postId } })).attachmentIds).toEqual([b, a]);
      const published = (await h.postsStream()).find((m) => m.envelope.aggregateId === postId);
      expect(published?.envelope).toMatchObject({ type: 'posts.post.published.v1', payload: { attachmentIds: [b, a] } });
    });

    it('refuses, with the one reason ATTACHMENT_NOT_AVAILABLE, an item not known yet — and takes it once media said READY', async () => {
      const alice = aUser();
      const item = aMediaId();
      expect(reasonOf(await create(alice, [item]))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE',
        field: 'attachmentIds',
      });
      await deliver(mediaReady(item, alice.userId), READY_DURABLE);
      expect((await create(alice, [item])).errors).toBeUndefined();
    });

    it("refuses someone else's READY item like an unknown one", async () => {
      const [alice, bob] = [aUser(), aUser()];
      const bobs = aMediaId();
      await deliver(mediaReady(bobs, bob.userId), READY_DURABLE);
      expect(reasonOf(await create(alice, [bobs]))).toMatchObject({ reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE', field: 'attachmentIds' });
      expect((await create(bob, [bobs])).errors).toBeUndefined();
    });

    it('a deleted item cannot be attached any more, and a redelivered or late `ready` does not bring it back (tombstone)', async () => {
      const alice = aUser();
      const item = aMediaId();
      const ready = mediaReady(item, alice.userId);
      await deliver(ready, READY_DURABLE);
      const deleted = mediaDeleted(item, alice.userId);
      await deliver(deleted, DELETED_DURABLE);
      expect((await fact(item))?.deletedAt).toEqual(new Date((deleted.payload as { deletedAt: string }).deletedAt));
      expect(reasonOf(await create(alice, [item]))).toMatchObject({ reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE' });

      // The same `ready` again past JetStream's dedup (the inbox skips it), and another `ready` event for the item.
      await deliver(ready, READY_DURABLE, `${ready.id}-again`);
      await deliver(mediaReady(item, alice.userId), READY_DURABLE);
      expect(await inbox(ready.id)).toHaveLength(1);
      expect((await fact(item))?.deletedAt).not.toBeNull();
      expect(reasonOf(await create(alice, [item]))).toMatchObject({ reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE' });
    });

    it('a deletion that arrives before the item’s `ready` wins: the item never becomes attachable', async () => {
      const alice = aUser();
      const item = aMediaId();
      await deliver(mediaDeleted(item, alice.userId), DELETED_DURABLE);
      expect(await fact(item)).toMatchObject({ ownerId: alice.userId, readyAt: null, kind: null });
      await deliver(mediaReady(item, alice.userId), READY_DURABLE);
      expect(await fact(item)).toMatchObject({ readyAt: null });
      expect((await fact(item))?.deletedAt).not.toBeNull();
      expect(reasonOf(await create(alice, [item]))).toMatchObject({ reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE' });
    });

    it('applies each event once: a second deletion under another msgID keeps the first deletion time and one inbox row', async () => {
      const alice = aUser();
      const item = aMediaId();
      const first = mediaDeleted(item, alice.userId);
      await deliver(first, DELETED_DURABLE);
      const deletedAt = (await fact(item))?.deletedAt;
      await deliver(first, DELETED_DURABLE, `${first.id}-again`);
      expect(await inbox(first.id)).toEqual([expect.objectContaining({ consumer: DELETED_DURABLE })]);
      // Another event for the same deletion (a later time) changes nothing either: deleted stays deleted since the first.
      await deliver({ ...mediaDeleted(item, alice.userId), occurredAt: new Date(Date.now() + 60_000).toISOString() }, DELETED_DURABLE);
      expect((await fact(item))?.deletedAt).toEqual(deletedAt);
    });

    it('checks the list against the replica in one go: one missing item refuses the post, and nothing is published', async () => {
      const alice = aUser();
      const ok = aMediaId();
      await deliver(mediaReady(ok, alice.userId), READY_DURABLE);
      const outbox = await h.outboxRows();
      expect(reasonOf(await create(alice, [ok, aMediaId()]))).toMatchObject({ reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE' });
      expect(reasonOf(await create(alice, [ok, ok]))).toMatchObject({ reason: 'POSTS.DUPLICATE_ATTACHMENT', field: 'attachmentIds' });
      const eleven = Array.from({ length: 11 }, () => ok);
      expect(reasonOf(await create(alice, eleven))).toMatchObject({ reason: 'POSTS.TOO_MANY_ATTACHMENTS', field: 'attachmentIds' });
      expect(await h.outboxRows()).toBe(outbox);
    });
  });
}
