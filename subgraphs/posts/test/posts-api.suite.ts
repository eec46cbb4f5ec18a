import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, type Viewer } from '@agora/service-kit';
import { NO_SOCIAL_FACTS, canView, type Visibility } from '../src/domain/post/visibility';
import type { GraphQLResponse } from '@agora/testing';
import type { PostsHarness } from './support/posts-harness';
import {
  CHANGE_VISIBILITY,
  CREATE_POST,
  DELETE_POST,
  EDIT_POST,
  POST,
  POSTS,
  POST_ENTITIES,
  SET_COMMENTS_DISABLED,
  USER_POSTS,
  postRefs,
  userRefs,
} from './support/operations';

interface PostData {
  id: string;
  body: string;
  visibility: Visibility;
  createdAt: string;
  editedAt: string | null;
  version: number;
  commentsDisabled: boolean;
  author: { id: string };
}

let usernames = 0;
const aUser = (): Viewer => ({ userId: randomUUID(), username: `user_${++usernames}` });
const aCircle = () => randomUUID();

/**
 * The posts API over real HTTP against startPosts in-process, with real NATS and the database
 * `open` provides. Run by one file per backend (PGlite, Postgres) so both execute the same SQL.
 */
export function describePostsApi(backend: string, open: () => Promise<{ harness: PostsHarness; close(): Promise<void> }>) {
  describe(`posts subgraph on ${backend}`, () => {
    let h: PostsHarness;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ harness: h, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    async function create(viewer: Viewer, input: Record<string, unknown>): Promise<PostData> {
      const res = await h.request<{ createPost: PostData }>(CREATE_POST, { input }, viewer);
      expect(res.errors).toBeUndefined();
      return res.data!.createPost;
    }
    async function errorOf(query: string, variables: Record<string, unknown>, viewer?: Viewer) {
      const res = await h.request(query, variables, viewer);
      expect(res.errors, 'expected the operation to fail').toHaveLength(1);
      return res.errors![0]!;
    }
    async function readPost(id: string, viewer?: Viewer): Promise<PostData | null> {
      const res = await h.request<{ post: PostData | null }>(POST, { id }, viewer);
      expect(res.errors).toBeUndefined();
      return res.data!.post;
    }
    async function userPosts(authorIds: string[], viewer?: Viewer, args: { first?: number; after?: string } = {}) {
      const res = await h.request(USER_POSTS, { representations: userRefs(authorIds), ...args }, viewer);
      expect(res.errors).toBeUndefined();
      return res.data!._entities as {
        id: string;
        posts: {
          edges: { cursor: string; node: { id: string; visibility: Visibility } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }[];
    }
    /** Statements that read or wrote posts (the relay's outbox polling shares the client). */
    const postStatements = () => h.statements.statements.filter((sql) => !/outbox|_prisma_migrations/.test(sql));

    describe('commands', () => {
      it('commands need a signed-in viewer; createPost publishes as that viewer', async () => {
        const outboxBefore = await h.outboxRows();
        for (const [query, input] of [
          [CREATE_POST, { body: 'hi' }],
          [EDIT_POST, { id: randomUUID(), body: 'hi' }],
          [DELETE_POST, { id: randomUUID() }],
          [CHANGE_VISIBILITY, { id: randomUUID(), visibility: 'PUBLIC' }],
          [SET_COMMENTS_DISABLED, { id: randomUUID(), disabled: true }],
        ] as const) {
          expect((await errorOf(query, { input })).extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
        expect(await h.outboxRows()).toBe(outboxBefore);

        const alice = aUser();
        const post = await create(alice, { body: 'Hello, Agora' });
        expect(post).toMatchObject({
          body: 'Hello, Agora',
          visibility: 'PUBLIC',
          version: 1,
          editedAt: null,
          commentsDisabled: false,
          author: { id: alice.userId },
        });
        expect(new Date(post.createdAt).toISOString()).toBe(post.createdAt);
        expect(await readPost(post.id)).toEqual(post);
      });

      it('create, edit and delete land in the POSTS stream in order, with msgID = event id', async () => {
        const alice = aUser();
        const circle = aCircle();
        const post = await create(alice, { body: 'v1', visibility: 'CIRCLE', circleIds: [circle] });
        h.clock.advance(1000);
        const edit = await h.request(EDIT_POST, { input: { id: post.id, body: 'v2', expectedVersion: 1 } }, alice);
        expect(edit.errors).toBeUndefined();
        h.clock.advance(1000);
        const del = await h.request(DELETE_POST, { input: { id: post.id } }, alice);
        expect(del.data).toEqual({ deletePost: true });

        const events = (await h.postsStream()).filter((e) => e.envelope.aggregateId === post.id);
        expect(events.map((e) => e.subject)).toEqual(['posts.post.published.v1', 'posts.post.edited.v1', 'posts.post.deleted.v1']);
        expect(events.map((e) => e.envelope.aggregateVersion)).toEqual([1, 2, 3]);
        for (const event of events) {
          expect(event.msgId).toBe(event.envelope.id);
          expect(event.envelope.type).toBe(event.subject);
          expect(event.envelope.actorId).toBe(alice.userId);
          expect(event.envelope.correlationId).toEqual(expect.any(String));
        }
        const [published, edited, deleted] = events;
        expect(published!.envelope.payload).toEqual({
          postId: post.id,
          authorId: alice.userId,
          body: 'v1',
          visibility: 'CIRCLE',
          circleIds: [circle],
          commentsDisabled: false,
          // No attachments: an empty list (the contract's field is optional for older events only).
          attachmentIds: [],
          publishedAt: post.createdAt,
        });
        expect(edited!.envelope.payload).toMatchObject({ postId: post.id, body: 'v2', version: 2 });
        expect(deleted!.envelope.payload).toMatchObject({ postId: post.id, authorId: alice.userId });
        expect(new Date(deleted!.envelope.payload.deletedAt).getTime()).toBe(new Date(post.createdAt).getTime() + 2000);
      });

      it('editPost replaces the body, bumps the version and sets editedAt', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'first draft' });
        h.clock.advance(60_000);
        const res = await h.request<{ editPost: PostData }>(EDIT_POST, { input: { id: post.id, body: 'second draft' } }, alice);
        expect(res.errors).toBeUndefined();
        const edited = res.data!.editPost;
        expect(edited).toMatchObject({ id: post.id, body: 'second draft', version: 2, createdAt: post.createdAt });
        expect(new Date(edited.editedAt!).getTime()).toBe(new Date(post.createdAt).getTime() + 60_000);
        expect(await readPost(post.id)).toEqual(edited);
      });

      it('a stale expectedVersion is a CONFLICT and changes nothing', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'v1' });
        const ok = await h.request(EDIT_POST, { input: { id: post.id, body: 'v2', expectedVersion: 1 } }, alice);
        expect(ok.errors).toBeUndefined();
        const outboxBefore = await h.outboxRows();

        const stale = await errorOf(EDIT_POST, { input: { id: post.id, body: 'lost update', expectedVersion: 1 } }, alice);
        expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION', field: 'expectedVersion' });
        expect(await readPost(post.id)).toMatchObject({ body: 'v2', version: 2 });
        expect(await h.outboxRows()).toBe(outboxBefore);
      });

      it('concurrent edits of one version: exactly one wins, the other is a CONFLICT', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'v1' });
        const results = await Promise.all(
          ['a', 'b', 'c'].map((body) => h.request(EDIT_POST, { input: { id: post.id, body, expectedVersion: 1 } }, alice)),
        );
        expect(results.filter((r) => !r.errors)).toHaveLength(1);
        for (const failed of results.filter((r) => r.errors)) {
          expect(failed.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION' });
        }
        expect(await readPost(post.id)).toMatchObject({ version: 2 });
        const edits = (await h.postsStream()).filter((e) => e.envelope.aggregateId === post.id && e.subject === 'posts.post.edited.v1');
        expect(edits).toHaveLength(1);
      });

      it('only the author may edit or delete; others get FORBIDDEN, or NOT_FOUND when they cannot see the post', async () => {
        const alice = aUser();
        const bob = aUser();
        const post = await create(alice, { body: "alice's" });
        for (const [query, input] of [
          [EDIT_POST, { id: post.id, body: "bob's now" }],
          [DELETE_POST, { id: post.id }],
        ] as const) {
          expect((await errorOf(query, { input }, bob)).extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'POSTS.NOT_AUTHOR' });
        }
        expect(await readPost(post.id)).toMatchObject({ body: "alice's", version: 1 });

        const hidden = await create(alice, { body: 'followers only', visibility: 'FOLLOWERS' });
        const notFound = await errorOf(EDIT_POST, { input: { id: hidden.id, body: 'x' } }, bob);
        expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'POSTS.NOT_FOUND' });
      });

      it('a missing post is NOT_FOUND (null when read); an id that is not a post id is BAD_USER_INPUT (field id)', async () => {
        const alice = aUser();
        const missing = await errorOf(EDIT_POST, { input: { id: randomUUID(), body: 'x' } }, alice);
        expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'POSTS.NOT_FOUND' });
        const malformed = await errorOf(DELETE_POST, { input: { id: 'not-a-post' } }, alice);
        expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
        // Reads answer "no such post" rather than an error.
        expect(await readPost('not-a-post', alice)).toBeNull();
        expect(await readPost(randomUUID(), alice)).toBeNull();
        const refs = await h.request(POST_ENTITIES, { representations: postRefs(['not-a-post', randomUUID()]) });
        expect(refs.data!._entities).toEqual([null, null]);
      });

      it('invalid input is BAD_USER_INPUT with the field at fault', async () => {
        const alice = aUser();
        const cases: [Record<string, unknown>, string][] = [
          [{ body: '' }, 'body'],
          [{ body: ' \n\t' }, 'body'],
          [{ body: 'x'.repeat(5001) }, 'body'],
          [{ body: 'hi', visibility: 'CIRCLE' }, 'circleIds'],
          [{ body: 'hi', visibility: 'CIRCLE', circleIds: [] }, 'circleIds'],
          [{ body: 'hi', visibility: 'CIRCLE', circleIds: ['not-a-uuid'] }, 'circleIds'],
          [{ body: 'hi', visibility: 'CIRCLE', circleIds: Array.from({ length: 21 }, aCircle) }, 'circleIds'],
          [{ body: 'hi', visibility: 'PUBLIC', circleIds: [aCircle()] }, 'circleIds'],
        ];
        for (const [input, field] of cases) {
          const error = await errorOf(CREATE_POST, { input }, alice);
          expect(error.extensions, JSON.stringify(input).slice(0, 80)).toMatchObject({ code: 'BAD_USER_INPUT', field });
        }
        const post = await create(alice, { body: 'x'.repeat(5000) });
        expect((await errorOf(EDIT_POST, { input: { id: post.id, body: '  ' } }, alice)).extensions).toMatchObject({ field: 'body' });
        expect((await errorOf(EDIT_POST, { input: { id: post.id, body: 'ok', expectedVersion: 0 } }, alice)).extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'expectedVersion',
        });
      });

      it('a failed command writes no outbox row and no post', async () => {
        const alice = aUser();
        const bob = aUser();
        const post = await create(alice, { body: 'v1' });
        const outboxBefore = await h.outboxRows();
        const postsBefore = await h.app.prisma.post.count();

        await errorOf(CREATE_POST, { input: { body: '' } }, alice);
        await errorOf(CREATE_POST, { input: { body: 'x', visibility: 'CIRCLE' } }, alice);
        await errorOf(EDIT_POST, { input: { id: post.id, body: 'x' } }, bob);
        await errorOf(EDIT_POST, { input: { id: post.id, body: 'x', expectedVersion: 7 } }, alice);
        await errorOf(DELETE_POST, { input: { id: post.id } }, bob);
        await errorOf(DELETE_POST, { input: { id: randomUUID() } }, alice);
        await errorOf(CHANGE_VISIBILITY, { input: { id: post.id, visibility: 'FOLLOWERS' } }, bob);
        await errorOf(CHANGE_VISIBILITY, { input: { id: post.id, visibility: 'CIRCLE' } }, alice);
        await errorOf(CHANGE_VISIBILITY, { input: { id: post.id, visibility: 'FOLLOWERS', expectedVersion: 2 } }, alice);
        await errorOf(SET_COMMENTS_DISABLED, { input: { id: post.id, disabled: true } }, bob);
        await errorOf(SET_COMMENTS_DISABLED, { input: { id: post.id, disabled: true, expectedVersion: 2 } }, alice);

        expect(await h.outboxRows()).toBe(outboxBefore);
        expect(await h.app.prisma.post.count()).toBe(postsBefore);
        expect(await readPost(post.id)).toMatchObject({ body: 'v1', version: 1 });
      });
    });

    describe('access commands (changePostVisibility, setPostCommentsDisabled)', () => {
      const change = (viewer: Viewer, input: Record<string, unknown>) =>
        h.request<{ changePostVisibility: PostData }>(CHANGE_VISIBILITY, { input }, viewer);
      const toggle = (viewer: Viewer, input: Record<string, unknown>) =>
        h.request<{ setPostCommentsDisabled: PostData }>(SET_COMMENTS_DISABLED, { input }, viewer);
      const streamOf = async (postId: string) => (await h.postsStream()).filter((e) => e.envelope.aggregateId === postId);

      it('createPost can turn comments off from the start; the published event says so', async () => {
        const alice = aUser();
        const off = await create(alice, { body: 'no comments please', commentsDisabled: true });
        const on = await create(alice, { body: 'comments welcome', commentsDisabled: false });
        expect([off.commentsDisabled, on.commentsDisabled]).toEqual([true, false]);
        expect(await readPost(off.id)).toEqual(off);
        const [published] = await streamOf(off.id);
        expect(published!.envelope.payload).toMatchObject({ postId: off.id, commentsDisabled: true });
      });

      it('changePostVisibility changes the audience, bumps the version, leaves body and editedAt, and publishes the whole access state', async () => {
        const alice = aUser();
        const circle = aCircle();
        const post = await create(alice, { body: 'moving audiences', commentsDisabled: true });
        h.clock.advance(1000);
        const res = await change(alice, { id: post.id, visibility: 'CIRCLE', circleIds: [circle.toUpperCase()], expectedVersion: 1 });
        expect(res.errors).toBeUndefined();
        expect(res.data!.changePostVisibility).toEqual({ ...post, visibility: 'CIRCLE', version: 2 });
        expect(await readPost(post.id, alice)).toEqual(res.data!.changePostVisibility);
        expect(await h.app.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
          visibility: 'CIRCLE',
          circleIds: [circle],
          version: 2,
        });

        const events = await streamOf(post.id);
        expect(events.map((e) => e.subject)).toEqual(['posts.post.published.v1', 'posts.post.visibility-changed.v1']);
        const changed = events[1]!;
        expect(changed.msgId).toBe(changed.envelope.id);
        expect(changed.envelope).toMatchObject({ aggregateVersion: 2, actorId: alice.userId });
        expect(changed.envelope.payload).toEqual({
          postId: post.id,
          authorId: alice.userId,
          visibility: 'CIRCLE',
          circleIds: [circle],
          commentsDisabled: true,
          version: 2,
          changedAt: new Date(new Date(post.createdAt).getTime() + 1000).toISOString(),
        });
      });

      it('setPostCommentsDisabled turns comments off and on again, each a new version with its event', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'talk to me', visibility: 'FOLLOWERS' });
        const off = await toggle(alice, { id: post.id, disabled: true, expectedVersion: 1 });
        expect(off.data!.setPostCommentsDisabled).toMatchObject({
          commentsDisabled: true,
          version: 2,
          visibility: 'FOLLOWERS',
          editedAt: null,
        });
        const on = await toggle(alice, { id: post.id, disabled: false });
        expect(on.data!.setPostCommentsDisabled).toMatchObject({ commentsDisabled: false, version: 3 });
        expect(await readPost(post.id, alice)).toMatchObject({ commentsDisabled: false, version: 3 });

        const events = await streamOf(post.id);
        expect(events.map((e) => [e.subject, e.envelope.aggregateVersion])).toEqual([
          ['posts.post.published.v1', 1],
          ['posts.post.comments-toggled.v1', 2],
          ['posts.post.comments-toggled.v1', 3],
        ]);
        for (const event of events) expect(event.msgId).toBe(event.envelope.id);
        expect(events.slice(1).map((e) => e.envelope.payload)).toMatchObject([
          { postId: post.id, authorId: alice.userId, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: true, version: 2 },
          { postId: post.id, authorId: alice.userId, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: false, version: 3 },
        ]);
      });

      it('asking for what the post already has returns it unchanged: no new version, no event', async () => {
        const alice = aUser();
        const circles = [aCircle(), aCircle()];
        const post = await create(alice, { body: 'steady', visibility: 'CIRCLE', circleIds: circles });
        const outboxBefore = await h.outboxRows();

        const sameAudience = await change(alice, {
          id: post.id,
          visibility: 'CIRCLE',
          circleIds: [...circles].reverse(),
          expectedVersion: 1,
        });
        expect(sameAudience.data!.changePostVisibility).toEqual(post);
        const sameSetting = await toggle(alice, { id: post.id, disabled: false, expectedVersion: 1 });
        expect(sameSetting.data!.setPostCommentsDisabled).toEqual(post);

        expect(await h.outboxRows()).toBe(outboxBefore);
        expect(await h.app.prisma.postEvent.count({ where: { postId: post.id } })).toBe(1);
        expect((await streamOf(post.id)).map((e) => e.subject)).toEqual(['posts.post.published.v1']);
      });

      it('a stale expectedVersion is a CONFLICT (field expectedVersion) and changes nothing', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'v1' });
        expect((await h.request(EDIT_POST, { input: { id: post.id, body: 'v2' } }, alice)).errors).toBeUndefined();
        const outboxBefore = await h.outboxRows();

        for (const res of [
          await change(alice, { id: post.id, visibility: 'FOLLOWERS', expectedVersion: 1 }),
          await toggle(alice, { id: post.id, disabled: true, expectedVersion: 1 }),
          // Even a no-op request is refused when based on an old version: the client's view is stale.
          await change(alice, { id: post.id, visibility: 'PUBLIC', expectedVersion: 1 }),
        ]) {
          expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'POSTS.STALE_VERSION', field: 'expectedVersion' });
        }
        expect(await readPost(post.id)).toMatchObject({ visibility: 'PUBLIC', commentsDisabled: false, version: 2 });
        expect(await h.outboxRows()).toBe(outboxBefore);
      });

      it('concurrent changes of one version: exactly one wins, the others are CONFLICT', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'contested' });
        const results = await Promise.all([
          change(alice, { id: post.id, visibility: 'FOLLOWERS', expectedVersion: 1 }),
          toggle(alice, { id: post.id, disabled: true, expectedVersion: 1 }),
          change(alice, { id: post.id, visibility: 'CIRCLE', circleIds: [aCircle()], expectedVersion: 1 }),
        ]);
        expect(results.filter((r) => !r.errors)).toHaveLength(1);
        for (const failed of results.filter((r) => r.errors)) expect(failed.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
        expect(await readPost(post.id, alice)).toMatchObject({ version: 2 });
        expect(await streamOf(post.id)).toHaveLength(2);
      });

      it('only the author: FORBIDDEN for someone who can see the post, NOT_FOUND when they cannot or it is gone', async () => {
        const alice = aUser();
        const bob = aUser();
        const visible = await create(alice, { body: 'public' });
        const hidden = await create(alice, { body: 'followers', visibility: 'FOLLOWERS' });
        const gone = await create(alice, { body: 'deleted' });
        expect((await h.request(DELETE_POST, { input: { id: gone.id } }, alice)).data).toEqual({ deletePost: true });
        const outboxBefore = await h.outboxRows();

        for (const [query, extra] of [
          [CHANGE_VISIBILITY, { visibility: 'FOLLOWERS' }],
          [SET_COMMENTS_DISABLED, { disabled: true }],
        ] as const) {
          expect((await errorOf(query, { input: { id: visible.id, ...extra } }, bob)).extensions).toMatchObject({
            code: 'FORBIDDEN',
            reason: 'POSTS.NOT_AUTHOR',
          });
          expect((await errorOf(query, { input: { id: hidden.id, ...extra } }, bob)).extensions).toMatchObject({
            code: 'NOT_FOUND',
            reason: 'POSTS.NOT_FOUND',
          });
          expect((await errorOf(query, { input: { id: gone.id, ...extra } }, alice)).extensions).toMatchObject({ code: 'NOT_FOUND' });
          expect((await errorOf(query, { input: { id: randomUUID(), ...extra } }, alice)).extensions).toMatchObject({ code: 'NOT_FOUND' });
        }
        expect(await readPost(visible.id)).toEqual(visible);
        expect(await h.outboxRows()).toBe(outboxBefore);
      });

      it('bad input is BAD_USER_INPUT with the field at fault: audience validated as in createPost, ids, versions', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'validate me' });
        const outboxBefore = await h.outboxRows();
        const cases: [string, Record<string, unknown>, string][] = [
          [CHANGE_VISIBILITY, { visibility: 'CIRCLE' }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'CIRCLE', circleIds: [] }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'CIRCLE', circleIds: ['not-a-uuid'] }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'CIRCLE', circleIds: Array.from({ length: 21 }, aCircle) }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'PUBLIC', circleIds: [aCircle()] }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'FOLLOWERS', circleIds: [aCircle()] }, 'circleIds'],
          [CHANGE_VISIBILITY, { visibility: 'FOLLOWERS', expectedVersion: 0 }, 'expectedVersion'],
          [SET_COMMENTS_DISABLED, { disabled: true, expectedVersion: 0 }, 'expectedVersion'],
        ];
        for (const [query, input, field] of cases) {
          const error = await errorOf(query, { input: { id: post.id, ...input } }, alice);
          expect(error.extensions, JSON.stringify(input).slice(0, 80)).toMatchObject({ code: 'BAD_USER_INPUT', field });
        }
        expect((await errorOf(CHANGE_VISIBILITY, { input: { id: 'nope', visibility: 'PUBLIC' } }, alice)).extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'id',
        });
        expect((await errorOf(SET_COMMENTS_DISABLED, { input: { id: 'nope', disabled: true } }, alice)).extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'id',
        });
        // Missing required fields / an unknown enum value are refused by GraphQL validation itself.
        expect((await h.request(CHANGE_VISIBILITY, { input: { id: post.id, visibility: 'FRIENDS' } }, alice)).errors).toHaveLength(1);
        expect((await h.request(SET_COMMENTS_DISABLED, { input: { id: post.id } }, alice)).errors).toHaveLength(1);
        expect(await h.outboxRows()).toBe(outboxBefore);
        expect(await readPost(post.id)).toEqual(post);
      });

      it('a changed audience applies on every read path: post, _entities, User.posts and the public posts', async () => {
        const alice = aUser();
        const bob = aUser();
        const post = await create(alice, { body: 'now you see me' });
        const seenBy = async (reader?: Viewer) => {
          const single = (await readPost(post.id, reader))?.id ?? null;
          const entity = (await h.request(POST_ENTITIES, { representations: postRefs([post.id]) }, reader)).data!._entities[0]?.id ?? null;
          const [listed] = await userPosts([alice.userId], reader, { first: 100 });
          const inList = listed!.posts.edges.some((e) => e.node.id === post.id);
          const feed = await h.request(POSTS, { first: 100 }, reader);
          const inFeed = feed.data!.posts.edges.some((e: { node: { id: string } }) => e.node.id === post.id);
          return [single === post.id, entity === post.id, inList, inFeed];
        };
        expect(await seenBy(bob)).toEqual([true, true, true, true]);
        expect((await change(alice, { id: post.id, visibility: 'FOLLOWERS' })).errors).toBeUndefined();
        expect(await seenBy(bob)).toEqual([false, false, false, false]);
        expect(await seenBy(undefined)).toEqual([false, false, false, false]);
        expect(await seenBy(alice)).toEqual([true, true, true, false]); // the public posts list only PUBLIC ones
        expect((await change(alice, { id: post.id, visibility: 'PUBLIC' })).errors).toBeUndefined();
        expect(await seenBy(undefined)).toEqual([true, true, true, true]);
      });
    });

    describe('reads', () => {
      it('deleted posts disappear from every read', async () => {
        const alice = aUser();
        const post = await create(alice, { body: 'soon gone' });
        const kept = await create(alice, { body: 'stays' });
        expect((await h.request(DELETE_POST, { input: { id: post.id } }, alice)).data).toEqual({ deletePost: true });

        expect(await readPost(post.id, alice)).toBeNull();
        const entities = await h.request(POST_ENTITIES, { representations: postRefs([post.id, kept.id]) }, alice);
        expect(entities.data!._entities).toEqual([null, { id: kept.id, body: 'stays', author: { id: alice.userId } }]);
        const [own] = await userPosts([alice.userId], alice);
        expect(own!.posts.edges.map((e) => e.node.id)).toEqual([kept.id]);
        const everyone = await h.request(POSTS, { first: 100 });
        expect(everyone.data!.posts.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(post.id);

        expect((await errorOf(EDIT_POST, { input: { id: post.id, body: 'x' } }, alice)).extensions).toMatchObject({ code: 'NOT_FOUND' });
        expect((await errorOf(DELETE_POST, { input: { id: post.id } }, alice)).extensions).toMatchObject({ code: 'NOT_FOUND' });
      });

      it('visibility with no social facts: PUBLIC for everyone, FOLLOWERS and CIRCLE only for their author — the same in every read', async () => {
        const alice = aUser();
        const bob = aUser();
        const byAlice = [
          await create(alice, { body: 'public', visibility: 'PUBLIC' }),
          await create(alice, { body: 'followers', visibility: 'FOLLOWERS' }),
          await create(alice, { body: 'circle', visibility: 'CIRCLE', circleIds: [aCircle()] }),
        ];
        const byBob = [await create(bob, { body: 'bob public' }), await create(bob, { body: 'bob followers', visibility: 'FOLLOWERS' })];
        const all = [...byAlice, ...byBob];

        for (const reader of [undefined, alice, bob]) {
          const expected = (authorId: string) =>
            all
              .filter(
                (p) =>
                  p.author.id === authorId &&
                  canView({ authorId, visibility: p.visibility, circleIds: [] }, reader ?? null, NO_SOCIAL_FACTS),
              )
              .map((p) => p.id)
              .reverse(); // newest first
          // post(id) and _entities apply canView …
          for (const post of all) {
            const visible = canView(
              { authorId: post.author.id, visibility: post.visibility, circleIds: [] },
              reader ?? null,
              NO_SOCIAL_FACTS,
            );
            expect((await readPost(post.id, reader))?.id ?? null).toBe(visible ? post.id : null);
          }
          const refs = await h.request(POST_ENTITIES, { representations: postRefs(all.map((p) => p.id)) }, reader);
          expect(
            refs
              .data!._entities.filter(Boolean)
              .map((p: { id: string }) => p.id)
              .sort(),
          ).toEqual(
            all
              .filter((p) => canView({ authorId: p.author.id, visibility: p.visibility, circleIds: [] }, reader ?? null, NO_SOCIAL_FACTS))
              .map((p) => p.id)
              .sort(),
          );
          // … and User.posts' SQL agrees with it, for both authors in one batch.
          const lists = await userPosts([alice.userId, bob.userId], reader);
          expect(lists.map((l) => l.posts.edges.map((e) => e.node.id))).toEqual([expected(alice.userId), expected(bob.userId)]);
        }

        const publicFeed = await h.request(POSTS, { first: 100 }, alice);
        const feedIds: string[] = publicFeed.data!.posts.edges.map((e: { node: { id: string } }) => e.node.id);
        expect(feedIds).toContain(byAlice[0]!.id);
        for (const hidden of [byAlice[1]!, byAlice[2]!, byBob[1]!]) expect(feedIds).not.toContain(hidden.id);
      });

      it('posts pages through every public post newest first, with no duplicates or gaps', async () => {
        const author = aUser();
        for (let i = 0; i < 25; i++) {
          await create(author, { body: `public ${i}` });
          // Groups of three share a millisecond: the id must break the tie consistently.
          if (i % 3 === 2) h.clock.advance(5);
        }
        await create(author, { body: 'hidden', visibility: 'FOLLOWERS' });
        h.clock.advance(5);

        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const res: GraphQLResponse = await h.request(POSTS, { first: 10, after });
          expect(res.errors).toBeUndefined();
          const { edges, pageInfo } = res.data!.posts as {
            edges: { cursor: string; node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
          pages += 1;
          seen.push(...edges.map((e) => e.node.id));
          expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
          if (!pageInfo.hasNextPage) break;
          expect(edges).toHaveLength(10);
          after = pageInfo.endCursor;
        }
        const expected = await h.app.prisma.post.findMany({
          where: { visibility: 'PUBLIC', deletedAt: null },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          select: { id: true },
        });
        expect(expected.length).toBeGreaterThanOrEqual(25);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual(expected.map((p) => p.id));
        expect(pages).toBe(Math.ceil(expected.length / 10) + (expected.length % 10 === 0 ? 1 : 0));
      });

      it('User.posts pages through one author without duplicates or gaps', async () => {
        const alice = aUser();
        const created: string[] = [];
        for (let i = 0; i < 7; i++) created.unshift((await create(alice, { body: `#${i}` })).id);
        const pages: string[][] = [];
        const hasNext: boolean[] = [];
        let after: string | undefined;
        do {
          const [list] = await userPosts([alice.userId], alice, { first: 3, ...(after && { after }) });
          pages.push(list!.posts.edges.map((e) => e.node.id));
          hasNext.push(list!.posts.pageInfo.hasNextPage);
          after = list!.posts.pageInfo.endCursor ?? undefined;
        } while (hasNext.at(-1));
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(hasNext).toEqual([true, true, false]);
        expect(pages.flat()).toEqual(created);
      });

      it('first above 100 or below 1, and malformed cursors, are BAD_USER_INPUT with the field', async () => {
        const alice = aUser();
        for (const [args, field] of [
          [{ first: 101 }, 'first'],
          [{ first: 0 }, 'first'],
          [{ after: 'not a cursor!' }, 'after'],
          [{ after: encodeCursor(['2026-01-01T00:00:00.000Z']) }, 'after'],
          [{ after: encodeCursor(['yesterday', randomUUID()]) }, 'after'],
          [{ after: encodeCursor(['2026-01-01T00:00:00.000Z', 'not-a-uuid']) }, 'after'],
        ] as const) {
          const feed = await errorOf(POSTS, args);
          expect(feed.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
          const byUser = await errorOf(USER_POSTS, { representations: userRefs([alice.userId]), ...args });
          expect(byUser.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
        }
        const max = await h.request(POSTS, { first: 100 });
        expect(max.errors).toBeUndefined();
      });
    });

    describe('batching (no N+1)', () => {
      it('resolves 1 or 25 Post references with the same single statement', async () => {
        const alice = aUser();
        const ids: string[] = [];
        for (let i = 0; i < 25; i++) ids.push((await create(alice, { body: `ref ${i}` })).id);

        h.statements.reset();
        const one = await h.request(POST_ENTITIES, { representations: postRefs(ids.slice(0, 1)) });
        const forOne = postStatements().length;
        h.statements.reset();
        const many = await h.request(POST_ENTITIES, { representations: postRefs(ids) });
        const forMany = postStatements().length;

        expect(one.data!._entities).toHaveLength(1);
        expect(many.data!._entities.map((p: { id: string }) => p.id)).toEqual(ids);
        expect(forOne).toBe(1);
        expect(forMany).toBe(forOne);
      });

      it('User.posts for 1 or 20 users costs the same single window-function statement', async () => {
        const users = Array.from({ length: 20 }, aUser);
        for (const user of users) {
          for (let i = 0; i < 3; i++) await create(user, { body: `${user.username} #${i}` });
        }
        const ids = users.map((u) => u.userId);

        h.statements.reset();
        const one = await userPosts(ids.slice(0, 1), undefined, { first: 2 });
        const forOne = postStatements();
        h.statements.reset();
        const many = await userPosts(ids, undefined, { first: 2 });
        const forMany = postStatements();

        expect(one[0]!.posts.edges).toHaveLength(2);
        expect(many.map((u) => u.id)).toEqual(ids);
        for (const user of many) {
          expect(user.posts.edges).toHaveLength(2);
          expect(user.posts.pageInfo.hasNextPage).toBe(true);
        }
        expect(forOne).toHaveLength(1);
        expect(forOne[0]).toMatch(/row_number\(\) OVER \(PARTITION BY p\.author_id/);
        expect(forMany).toHaveLength(forOne.length);
      });
    });
  });
}
