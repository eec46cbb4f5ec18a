import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@agora/service-kit';
import { hashReadModel, rebuildReadModel } from '../src/infrastructure/read-model';
import {
  CHANGE_VISIBILITY,
  CREATE_POST,
  DELETE_POST,
  EDIT_POST,
  POST,
  POST_ENTITIES,
  SET_COMMENTS_DISABLED,
  postRefs,
} from './support/operations';
import type { OpenHarness } from './support/backends';
import type { PostsHarness } from './support/posts-harness';
import { socialEvent } from '@agora/audience/testing';
import { aMediaId, mediaReady } from './support/media-events';
import { contentRemoved, contentRestored } from './support/moderation-events';

const REVISIONS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Post { id version commentsDisabled revisions { version body at } } }
}`;

let n = 0;
const aUser = (): Viewer => ({ userId: randomUUID(), username: `es_${++n}` });

export function describeEventSourcing(backend: string, open: OpenHarness) {
  describe(`posts are event-sourced on ${backend}`, () => {
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
    const stream = (postId: string) => h.app.prisma.postEvent.findMany({ where: { postId }, orderBy: { version: 'asc' } });
    /** `count` fresh media items of `owner`, READY as far as posts' replica knows. */
    async function readyMedia(owner: Viewer, count: number): Promise<string[]> {
      const ids = Array.from({ length: count }, aMediaId);
      const consumed = await h.app.prisma.inboxEvent.count();
      for (const id of ids) await h.publish(mediaReady(id, owner.userId));
      await h.consumed(consumed + count);
      return ids;
    }

    it('each command appends to the post stream; the same events (same ids) are published', async () => {
      const alice = aUser();
      const media = await readyMedia(alice, 2);
      const { createPost } = await ok(CREATE_POST, { input: { body: 'one', attachmentIds: [media[1], media[0]] } }, alice);
      h.clock.advance(1000);
      await ok(EDIT_POST, { input: { id: createPost.id, body: 'two', expectedVersion: 1 } }, alice);
      h.clock.advance(1000);
      await ok(CHANGE_VISIBILITY, { input: { id: createPost.id, visibility: 'FOLLOWERS', expectedVersion: 2 } }, alice);
      h.clock.advance(1000);
      await ok(SET_COMMENTS_DISABLED, { input: { id: createPost.id, disabled: true, expectedVersion: 3 } }, alice);
      h.clock.advance(1000);
      await ok(DELETE_POST, { input: { id: createPost.id } }, alice);

      // The stream holds posts' own events; what is published is their v1 contract.
      const events = await stream(createPost.id);
      expect(events.map((e) => [e.version, e.type])).toEqual([
        [1, 'PostPublished'],
        [2, 'PostEdited'],
        [3, 'PostVisibilityChanged'],
        [4, 'PostCommentsToggled'],
        [5, 'PostDeleted'],
      ]);
      expect(events[0]!.payload).toMatchObject({ attachmentIds: [media[1], media[0]] });
      expect(events[1]!.payload).toEqual({ authorId: alice.userId, body: 'two' });
      expect(events[3]!.payload).toEqual({ authorId: alice.userId, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: true });
      const row = await h.app.prisma.post.findUniqueOrThrow({ where: { id: createPost.id } });
      expect(row).toMatchObject({
        version: 5,
        visibility: 'FOLLOWERS',
        commentsDisabled: true,
        body: 'two',
        attachmentIds: [media[1], media[0]],
      });
      expect(row.deletedAt).toEqual(events[4]!.occurredAt);

      const published = (await h.postsStream()).filter((m) => m.envelope.aggregateId === createPost.id);
      expect(published.map((m) => m.msgId)).toEqual(events.map((e) => e.eventId));
      expect(published.map((m) => [m.envelope.aggregateVersion, m.envelope.type])).toEqual([
        [1, 'posts.post.published.v1'],
        [2, 'posts.post.edited.v1'],
        [3, 'posts.post.visibility-changed.v1'],
        [4, 'posts.post.comments-toggled.v1'],
        [5, 'posts.post.deleted.v1'],
      ]);
      expect(published[1]!.envelope.payload).toMatchObject({ body: 'two', version: 2 });
      expect(published[3]!.envelope.payload).toMatchObject({ visibility: 'FOLLOWERS', commentsDisabled: true, version: 4 });
      // Each published payload says what its stored event says (and the time, in the contract's words).
      published.forEach((m, i) => {
        expect(m.envelope.payload).toMatchObject({ postId: createPost.id, ...(events[i]!.payload as object) });
        expect(m.envelope.occurredAt).toBe(events[i]!.occurredAt.toISOString());
      });
    });

    it('a stale expectedVersion is a CONFLICT and appends nothing', async () => {
      const alice = aUser();
      const { createPost } = await ok(CREATE_POST, { input: { body: 'v1' } }, alice);
      await ok(EDIT_POST, { input: { id: createPost.id, body: 'v2', expectedVersion: 1 } }, alice);
      const res = await h.request(EDIT_POST, { input: { id: createPost.id, body: 'stale', expectedVersion: 1 } }, alice);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION' });
      expect((await stream(createPost.id)).map((e) => e.version)).toEqual([1, 2]);
      expect((await ok(POST, { id: createPost.id }, alice)).post).toMatchObject({ body: 'v2', version: 2 });
    });

    it('revisions come from the stream, oldest first, for the author only; commentsDisabled is false', async () => {
      const alice = aUser();
      const bob = aUser();
      const { createPost } = await ok(CREATE_POST, { input: { body: 'first' } }, alice);
      const t0 = h.clock.now();
      h.clock.advance(60_000);
      await ok(EDIT_POST, { input: { id: createPost.id, body: 'second' } }, alice);
      h.clock.advance(60_000);
      await ok(EDIT_POST, { input: { id: createPost.id, body: 'third' } }, alice);

      const asAuthor = await ok(REVISIONS, { representations: postRefs([createPost.id]) }, alice);
      expect(asAuthor._entities[0]).toEqual({
        id: createPost.id,
        version: 3,
        commentsDisabled: false,
        revisions: [
          { version: 1, body: 'first', at: t0.toISOString() },
          { version: 2, body: 'second', at: new Date(t0.getTime() + 60_000).toISOString() },
          { version: 3, body: 'third', at: new Date(t0.getTime() + 120_000).toISOString() },
        ],
      });
      // bob follows alice (a reader of the post, not its author) and anonymous readers: no history.
      const inbox = await h.app.prisma.inboxEvent.count();
      await h.publish(socialEvent({ kind: 'follow', followerId: bob.userId, followeeId: alice.userId, version: 1, active: true }));
      await h.consumed(inbox + 1);
      for (const reader of [bob, undefined]) {
        const res = await ok(REVISIONS, { representations: postRefs([createPost.id]) }, reader);
        expect(res._entities[0]).toMatchObject({ id: createPost.id, version: 3, revisions: [] });
      }
    });

    it('revisions stay body revisions: visibility changes and comment toggles bump the version but add none', async () => {
      const alice = aUser();
      const { createPost } = await ok(CREATE_POST, { input: { body: 'first' } }, alice);
      const t0 = h.clock.now();
      await ok(CHANGE_VISIBILITY, { input: { id: createPost.id, visibility: 'FOLLOWERS', expectedVersion: 1 } }, alice);
      await ok(SET_COMMENTS_DISABLED, { input: { id: createPost.id, disabled: true, expectedVersion: 2 } }, alice);
      h.clock.advance(60_000);
      await ok(EDIT_POST, { input: { id: createPost.id, body: 'second', expectedVersion: 3 } }, alice);

      expect((await stream(createPost.id)).map((e) => e.type)).toEqual([
        'PostPublished',
        'PostVisibilityChanged',
        'PostCommentsToggled',
        'PostEdited',
      ]);
      const res = await ok(REVISIONS, { representations: postRefs([createPost.id]) }, alice);
      expect(res._entities[0]).toEqual({
        id: createPost.id,
        version: 4,
        commentsDisabled: true,
        revisions: [
          { version: 1, body: 'first', at: t0.toISOString() },
          { version: 4, body: 'second', at: new Date(t0.getTime() + 60_000).toISOString() },
        ],
      });
    });

    it('revisions of 1 or 20 posts cost the same single statement', async () => {
      const alice = aUser();
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await ok(CREATE_POST, { input: { body: `r${i}` } }, alice)).createPost.id);
      const count = async (postIds: string[]) => {
        h.statements.reset();
        const res = await ok(REVISIONS, { representations: postRefs(postIds) }, alice);
        expect(res._entities.map((p: { revisions: unknown[] }) => p.revisions.length)).toEqual(postIds.map(() => 1));
        return h.statements.statements.filter((sql) => /post_event/.test(sql)).length;
      };
      expect(await count(ids.slice(0, 1))).toBe(1);
      expect(await count(ids)).toBe(1);
    });

    it('the rebuilt read table is identical (same sha256) to the live one', async () => {
      const alice = aUser();
      const bob = aUser();
      const ids: string[] = [];
      const alicesMedia = await readyMedia(alice, 4);
      const bobsMedia = await readyMedia(bob, 1);
      // Attachments on some posts (several, in an order that is not the ids' order; one of bob's).
      const attachments: Record<number, string[]> = {
        0: [alicesMedia[2]!, alicesMedia[0]!],
        1: bobsMedia,
        4: [alicesMedia[1]!, alicesMedia[3]!],
      };
      for (let i = 0; i < 6; i++) {
        const author = i % 2 === 0 ? alice : bob;
        const input = {
          ...(i % 3 === 0 ? { body: `post ${i}`, visibility: 'CIRCLE', circleIds: [randomUUID(), randomUUID()] } : { body: `post ${i}` }),
          ...(attachments[i] ? { attachmentIds: attachments[i] } : {}),
        };
        ids.push((await ok(CREATE_POST, { input }, author)).createPost.id);
        h.clock.advance(7);
      }
      await ok(EDIT_POST, { input: { id: ids[0], body: 'edited once' } }, alice);
      await ok(EDIT_POST, { input: { id: ids[0], body: 'edited twice' } }, alice);
      await ok(EDIT_POST, { input: { id: ids[1], body: 'bob edits' } }, bob);
      await ok(DELETE_POST, { input: { id: ids[2] } }, alice);
      await ok(DELETE_POST, { input: { id: ids[3] } }, bob);
      // Access events: audience changes both ways (circles in and out), comments off and on again,
      // a setting at publish, and a post deleted after its access changed.
      await ok(CHANGE_VISIBILITY, { input: { id: ids[0], visibility: 'CIRCLE', circleIds: [randomUUID()] } }, alice);
      await ok(SET_COMMENTS_DISABLED, { input: { id: ids[0], disabled: true } }, alice);
      await ok(CHANGE_VISIBILITY, { input: { id: ids[1], visibility: 'FOLLOWERS' } }, bob);
      await ok(SET_COMMENTS_DISABLED, { input: { id: ids[1], disabled: true } }, bob);
      await ok(SET_COMMENTS_DISABLED, { input: { id: ids[1], disabled: false } }, bob);
      await ok(CHANGE_VISIBILITY, { input: { id: ids[5], visibility: 'FOLLOWERS' } }, bob);
      ids.push((await ok(CREATE_POST, { input: { body: 'quiet', commentsDisabled: true, visibility: 'FOLLOWERS' } }, alice)).createPost.id);
      await ok(CHANGE_VISIBILITY, { input: { id: ids[6], visibility: 'PUBLIC' } }, alice);
      await ok(DELETE_POST, { input: { id: ids[6] } }, alice);
      // Moderation: one post removed (and kept so), one removed then restored (the rebuild must keep both outcomes).
      const decidedAt = (seconds: number) => new Date(h.clock.now().getTime() + seconds * 1000);
      const consumedBefore = await h.app.prisma.inboxEvent.count();
      await h.publish(contentRemoved({ postId: ids[5]!, authorId: bob.userId }, decidedAt(1)));
      await h.publish(contentRemoved({ postId: ids[1]!, authorId: bob.userId }, decidedAt(2)));
      // Removal and restoration are separate durables: the restoration waits for the removal (else it would win alone, by time).
      await h.consumed(consumedBefore + 2);
      await h.publish(contentRestored({ postId: ids[1]!, authorId: bob.userId }, decidedAt(3)));
      await h.consumed(consumedBefore + 3);
      const types = await h.app.prisma.postEvent.groupBy({ by: ['type'], where: { postId: { in: ids } }, _count: true });
      expect(Object.fromEntries(types.map((t) => [t.type, t._count]))).toMatchObject({
        PostVisibilityChanged: 4,
        PostCommentsToggled: 3,
        PostRemovedByModeration: 2,
        PostRestoredByModeration: 1,
      });

      const live = await hashReadModel(h.app.prisma);
      const rowsBefore = await h.app.prisma.post.count();
      // Damage the read table, so the test proves the rebuild writes it (not that it left it alone).
      await h.app.prisma.post.updateMany({
        data: {
          body: 'tampered',
          commentsDisabled: false,
          visibility: 'PUBLIC',
          circleIds: [],
          attachmentIds: [],
          removedAt: null,
          moderatedAt: null,
        },
      });
      await h.app.prisma.$executeRawUnsafe(`DELETE FROM post WHERE id = '${ids[4]}'`);
      expect(await hashReadModel(h.app.prisma)).not.toBe(live);

      expect(await rebuildReadModel(h.app.prisma)).toBe(rowsBefore);
      expect(await hashReadModel(h.app.prisma)).toBe(live);
      const entities = await ok(POST_ENTITIES, { representations: postRefs([ids[0]!]) }, alice);
      expect(entities._entities[0]).toMatchObject({ body: 'edited twice' });
      const withMedia = await h.app.prisma.post.findMany({ where: { id: { in: [ids[0]!, ids[1]!, ids[4]!, ids[5]!] } } });
      expect(Object.fromEntries(withMedia.map((p) => [p.id, p.attachmentIds]))).toEqual({
        [ids[0]!]: attachments[0],
        [ids[1]!]: attachments[1],
        [ids[4]!]: attachments[4],
        [ids[5]!]: [],
      });
      const moderated = await h.app.prisma.post.findMany({ where: { id: { in: [ids[1]!, ids[5]!] } } });
      expect(Object.fromEntries(moderated.map((p) => [p.id, [p.removedAt, p.moderatedAt]]))).toEqual({
        [ids[1]!]: [null, decidedAt(3)],
        [ids[5]!]: [decidedAt(1), decidedAt(1)],
      });
      const rebuilt = await h.app.prisma.post.findMany({ where: { id: { in: [ids[0]!, ids[1]!, ids[6]!] } }, orderBy: { id: 'asc' } });
      expect(rebuilt.map((p) => [p.id, p.visibility, p.commentsDisabled, p.deletedAt !== null])).toEqual(
        [
          [ids[0], 'CIRCLE', true, false],
          [ids[1], 'FOLLOWERS', false, false],
          [ids[6], 'PUBLIC', true, true],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
    });
  });
}
