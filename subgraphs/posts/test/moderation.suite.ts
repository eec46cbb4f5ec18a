import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@agora/service-kit';
import { socialEvent } from '@agora/audience/testing';
import type { EventEnvelope } from '@agora/events';
import { CREATE_POST, DELETE_POST, EDIT_POST, POST, POSTS, USER_POSTS, postRefs, userRefs } from './support/operations';
import type { OpenHarness } from './support/backends';
import type { PostsHarness } from './support/posts-harness';
import { aCommentId, contentRemoved, contentRestored } from './support/moderation-events';

const WITH_REMOVED = `query($id: ID!) { post(id: $id) { id body visibility version removedAt } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Post { id removedAt } } }`;

let n = 0;
const aUser = (role?: Viewer['role']): Viewer => ({ userId: randomUUID(), username: `mod_${++n}`, ...(role ? { role } : {}) });

export function describeModeration(backend: string, open: OpenHarness) {
  describe(`posts: removal by moderation on ${backend}`, () => {
    let h: PostsHarness;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ harness: h, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    async function ok<T = any>(query: string, variables: Record<string, unknown>, viewer?: Viewer): Promise<T> {
      const res = await h.request<T>(query, variables, viewer);
      expect(res.errors).toBeUndefined();
      return res.data!;
    }
    /** Publishes moderation's events and waits until posts' consumers handled them. */
    async function deliver(...events: EventEnvelope[]): Promise<void> {
      const before = await h.app.prisma.inboxEvent.count();
      for (const event of events) await h.publish(event);
      await h.consumed(before + events.length);
    }
    const publicIds = async (viewer?: Viewer) =>
      (await ok(POSTS, { first: 100 }, viewer)).posts.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
    const userPostIds = async (authorId: string, viewer?: Viewer) =>
      (await ok(USER_POSTS, { representations: userRefs([authorId]), first: 100 }, viewer))._entities[0].posts.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      ) as string[];

    it('a removed post is gone for everyone but its author (marked removedAt) and moderators; restore brings it back as it was', async () => {
      const alice = aUser();
      const bob = aUser();
      const moderator = aUser('MODERATOR');
      const admin = aUser('ADMIN');
      const { createPost } = await ok(CREATE_POST, { input: { body: 'to be reported' } }, alice);
      const { createPost: other } = await ok(CREATE_POST, { input: { body: 'fine' } }, alice);
      const id = createPost.id as string;
      const removedAt = new Date(h.clock.now().getTime() + 1000);
      await deliver(contentRemoved({ postId: id, authorId: alice.userId }, removedAt));

      for (const reader of [bob, undefined]) {
        expect((await ok(POST, { id }, reader)).post).toBeNull();
        expect((await ok(ENTITIES, { representations: postRefs([id, other.id]) }, reader))._entities).toEqual([
          null,
          { id: other.id, removedAt: null },
        ]);
        expect(await publicIds(reader)).not.toContain(id);
        expect(await userPostIds(alice.userId, reader)).toEqual([other.id]);
      }
      for (const reader of [alice, moderator, admin]) {
        expect((await ok(WITH_REMOVED, { id }, reader)).post).toEqual({
          id,
          body: 'to be reported',
          visibility: 'PUBLIC',
          version: 2,
          removedAt: removedAt.toISOString(),
        });
        expect(await userPostIds(alice.userId, reader)).toEqual([other.id, id]);
      }

      // The author may delete it but not edit it; nothing about the removal is published.
      const edit = await h.request(EDIT_POST, { input: { id, body: 'sneaky' } }, alice);
      expect(edit.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'POSTS.REMOVED' });
      const stranger = await h.request(EDIT_POST, { input: { id, body: 'x' } }, bob);
      expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      const published = (await h.postsStream()).filter((m) => m.envelope.aggregateId === id);
      expect(published.map((m) => m.envelope.type)).toEqual(['posts.post.published.v1']);

      await deliver(contentRestored({ postId: id, authorId: alice.userId }, new Date(removedAt.getTime() + 1000)));
      expect((await ok(WITH_REMOVED, { id }, bob)).post).toEqual({
        id,
        body: 'to be reported',
        visibility: 'PUBLIC',
        version: 3,
        removedAt: null,
      });
      expect(await publicIds(bob)).toContain(id);
      expect(await userPostIds(alice.userId, bob)).toEqual([other.id, id]);

      // Removed again, by a new decision; then the author deletes it.
      await deliver(contentRemoved({ postId: id, authorId: alice.userId }, new Date(removedAt.getTime() + 2000)));
      expect((await ok(POST, { id }, bob)).post).toBeNull();
      expect(await ok(DELETE_POST, { input: { id } }, alice)).toEqual({ deletePost: true });
      expect((await ok(POST, { id }, moderator)).post).toBeNull();
    });

    it('the same event delivered twice (a redelivery under a new message id) is applied once', async () => {
      const alice = aUser();
      const { createPost } = await ok(CREATE_POST, { input: { body: 'twice' } }, alice);
      const removal = contentRemoved({ postId: createPost.id, authorId: alice.userId });
      await deliver(removal);
      // JetStream would drop the same msgID; the inbox must stop an event that comes back under another one.
      const inbox = await h.app.prisma.inboxEvent.count();
      await h.publish(removal, randomUUID());
      const marker = contentRemoved({ postId: randomUUID(), authorId: alice.userId });
      await h.publish(marker);
      await h.consumed(inbox + 1);
      const stream = await h.app.prisma.postEvent.findMany({ where: { postId: createPost.id }, orderBy: { version: 'asc' } });
      expect(stream.map((e) => [e.type, e.eventId])).toEqual([
        ['PostPublished', stream[0]!.eventId],
        ['PostRemovedByModeration', removal.id],
      ]);
    });

    it("moderators see posts whatever their audience; a comment's removal changes nothing in posts", async () => {
      const alice = aUser();
      const bob = aUser();
      const moderator = aUser('MODERATOR');
      const { createPost } = await ok(CREATE_POST, { input: { body: 'friends only', visibility: 'FOLLOWERS' } }, alice);
      const inbox = await h.app.prisma.inboxEvent.count();
      await h.publish(socialEvent({ kind: 'block', blockerId: alice.userId, blockedId: moderator.userId, version: 1, active: true }));
      await h.consumed(inbox + 1);
      expect((await ok(POST, { id: createPost.id }, bob)).post).toBeNull();
      expect((await ok(POST, { id: createPost.id }, moderator)).post).toMatchObject({ id: createPost.id, visibility: 'FOLLOWERS' });

      await deliver(contentRemoved({ postId: createPost.id, authorId: alice.userId, commentId: aCommentId() }));
      expect(await h.app.prisma.postEvent.count({ where: { postId: createPost.id } })).toBe(1);
      expect((await ok(WITH_REMOVED, { id: createPost.id }, alice)).post.removedAt).toBeNull();
    });
  });
}
