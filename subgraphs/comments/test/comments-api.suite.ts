import { randomUUID } from 'node:crypto';
import type { Viewer } from '@agora/service-kit';
import type { TestClock } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  block,
  contentRemoved,
  contentRestored,
  follow,
  postAccessChanged,
  postDeleted,
  postPublished,
  type TestPost,
} from './support/events';
import { aUser, type Harness } from './support/comments-harness';
import {
  ADD_COMMENT,
  COMMENT,
  COMMENT_ENTITIES,
  COMMENT_REPLIES,
  DELETE_COMMENT,
  POST_COMMENTS,
  commentRefs,
  postRefs,
} from './support/operations';

export type OpenBackend = () => Promise<{ harness: Harness; clock: TestClock; close(): Promise<void> }>;

/**
 * The comments API end to end on one backend: GraphQL in, SQL against the real database, the
 * audience replica fed by posts' and social's events over real NATS, and comments' own events out
 * through the outbox. Run once on PGlite and once on Postgres.
 */
export function describeCommentsApi(backend: string, open: OpenBackend) {
  describe(`comments API on ${backend}`, () => {
    let h: Harness;
    let clock: TestClock;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ harness: h, clock, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    const aPost = (author: Viewer, options: Omit<TestPost, 'postId' | 'authorId'> = {}): TestPost => ({
      postId: randomUUID(),
      authorId: author.userId,
      ...options,
    });
    async function published(author: Viewer, options: Omit<TestPost, 'postId' | 'authorId'> = {}): Promise<TestPost> {
      const post = aPost(author, options);
      await h.deliver(postPublished(post));
      return post;
    }
    async function add(viewer: Viewer, input: Record<string, unknown>) {
      clock.advance();
      const res = await h.request(ADD_COMMENT, { input }, viewer);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data.addComment as {
        id: string;
        body: string;
        createdAt: string;
        post: { id: string };
        author: { id: string };
        parent: { id: string } | null;
      };
    }
    async function thread(postId: string, viewer?: Viewer | null, args: Record<string, unknown> = {}) {
      const res = await h.request(POST_COMMENTS, { representations: postRefs([postId]), first: 100, replies: 100, ...args }, viewer);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data._entities[0] as {
        commentCount: number;
        comments: {
          edges: { cursor: string; node: { id: string; body: string; replies: { edges: { node: { id: string } }[] } } }[];
          pageInfo: any;
        };
      };
    }
    const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);
    const errorOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;
    const counts = async () => ({ comments: await h.app.prisma.comment.count(), outbox: await h.app.prisma.outboxEvent.count() });

    it('adds a comment and a reply, and publishes comments.comment.added.v1 with the post and parent authors', async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const post = await published(alice);

      const top = await add(bob, { postId: post.postId, body: '  first!  ' });
      const reply = await add(carol, { postId: post.postId.toUpperCase(), body: 'welcome', parentId: top.id });

      expect(top).toMatchObject({ body: 'first!', post: { id: post.postId }, author: { id: bob.userId }, parent: null });
      expect(reply).toMatchObject({ body: 'welcome', post: { id: post.postId }, author: { id: carol.userId }, parent: { id: top.id } });
      const events = (await h.commentEvents()).filter((e) => e.payload.postId === post.postId);
      expect(events.map((e) => [e.type, e.aggregateId, e.actorId])).toEqual([
        ['comments.comment.added.v1', top.id, bob.userId],
        ['comments.comment.added.v1', reply.id, carol.userId],
      ]);
      expect(events[1]!.payload).toEqual({
        commentId: reply.id,
        postId: post.postId,
        postAuthorId: alice.userId,
        parentId: top.id,
        parentAuthorId: bob.userId,
        authorId: carol.userId,
        body: 'welcome',
        createdAt: reply.createdAt,
      });
      expect(events[0]!.payload).toMatchObject({ parentId: null, parentAuthorId: null, postAuthorId: alice.userId });
      expect(await h.app.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
    });

    it('accepts a body of exactly 2000 characters counted as code points (emoji)', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = await published(alice);
      const body = '😀'.repeat(2000);
      expect((await add(bob, { postId: post.postId, body })).body).toBe(body);
    });

    it('refuses every bad addComment with the right code and field, writing nothing', async () => {
      const [alice, bob, carol, dave] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('dave')];
      const post = await published(alice);
      const other = await published(alice);
      const followersOnly = await published(alice, { visibility: 'FOLLOWERS' });
      const disabled = await published(alice, { commentsDisabled: true });
      const daves = await published(dave);
      const top = await add(carol, { postId: post.postId, body: 'top' });
      const reply = await add(carol, { postId: post.postId, body: 'reply', parentId: top.id });
      const onOther = await add(carol, { postId: other.postId, body: 'elsewhere' });
      const byDave = await add(dave, { postId: post.postId, body: 'dave here' });
      // bob and dave are in a block (dave blocked bob): dave's post is hidden from bob, dave's comments refuse bob's replies.
      await h.deliver(block(dave.userId, bob.userId));
      const before = await counts();

      const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
        ['empty body', { postId: post.postId, body: '' }, { code: 'BAD_USER_INPUT', field: 'body' }],
        ['whitespace body', { postId: post.postId, body: ' \n\t\u00a0 ' }, { code: 'BAD_USER_INPUT', field: 'body' }],
        [
          '2001 characters',
          { postId: post.postId, body: 'x'.repeat(2001) },
          { code: 'BAD_USER_INPUT', field: 'body', reason: 'COMMENTS.BODY_TOO_LONG' },
        ],
        ['malformed post id', { postId: 'nope', body: 'x' }, { code: 'BAD_USER_INPUT', field: 'postId' }],
        ['malformed parent id', { postId: post.postId, body: 'x', parentId: 'nope' }, { code: 'BAD_USER_INPUT', field: 'parentId' }],
        ['unknown post', { postId: randomUUID(), body: 'x' }, { code: 'NOT_FOUND', field: 'postId' }],
        ['FOLLOWERS post of a non-follower', { postId: followersOnly.postId, body: 'x' }, { code: 'NOT_FOUND', field: 'postId' }],
        ['post of someone in a block with the viewer', { postId: daves.postId, body: 'x' }, { code: 'NOT_FOUND', field: 'postId' }],
        ['post with comments off', { postId: disabled.postId, body: 'x' }, { code: 'FORBIDDEN', reason: 'COMMENTS.COMMENTS_DISABLED' }],
        ['missing parent', { postId: post.postId, body: 'x', parentId: randomUUID() }, { code: 'NOT_FOUND', field: 'parentId' }],
        ['parent on another post', { postId: post.postId, body: 'x', parentId: onOther.id }, { code: 'BAD_USER_INPUT', field: 'parentId' }],
        [
          'reply to a reply',
          { postId: post.postId, body: 'x', parentId: reply.id },
          { code: 'BAD_USER_INPUT', field: 'parentId', reason: 'COMMENTS.REPLY_TO_REPLY' },
        ],
        [
          'reply to someone in a block with the viewer',
          { postId: post.postId, body: 'x', parentId: byDave.id },
          { code: 'FORBIDDEN', reason: 'COMMENTS.BLOCKED' },
        ],
      ];
      for (const [label, input, expected] of cases) {
        const res = await h.request(ADD_COMMENT, { input }, bob);
        expect(res.data?.addComment ?? null, label).toBeNull();
        expect(errorOf(res), label).toMatchObject(expected);
      }
      const anonymous = await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'x' } });
      expect(errorOf(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await counts()).toEqual(before);

      // Following alice opens her FOLLOWERS post; turning comments on opens the other one.
      await h.deliver(
        follow(bob.userId, alice.userId),
        postAccessChanged('comments', { ...disabled, commentsDisabled: false, version: 2 }),
      );
      await add(bob, { postId: followersOnly.postId, body: 'now I follow' });
      await add(bob, { postId: disabled.postId, body: 'now it is on' });
    });

    it('answers NOT_FOUND, exactly as for a random id, for a comment the viewer cannot see (block, hidden post)', async () => {
      const [alice, bob, dave] = [aUser('alice'), aUser('bob'), aUser('dave')];
      const post = await published(alice);
      const hiddenLater = await published(alice);
      const byBob = await add(bob, { postId: post.postId, body: 'hello' });
      const onHidden = await add(bob, { postId: hiddenLater.postId, body: 'soon hidden' });
      // dave and bob are in a block: bob's comments are hidden from dave; the second post becomes followers-only.
      await h.deliver(block(bob.userId, dave.userId));
      await h.deliver(postAccessChanged('visibility', { ...hiddenLater, visibility: 'FOLLOWERS', version: 2 }));
      const before = await counts();
      const shape = (res: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => ({
        message: res.errors?.[0]?.message,
        extensions: res.errors?.[0]?.extensions,
      });

      const unknown = shape(await h.request(DELETE_COMMENT, { input: { id: randomUUID() } }, dave));
      expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'COMMENTS.COMMENT_NOT_FOUND', field: 'id' });
      expect(shape(await h.request(DELETE_COMMENT, { input: { id: byBob.id } }, dave))).toEqual(unknown);
      expect(shape(await h.request(DELETE_COMMENT, { input: { id: onHidden.id } }, dave))).toEqual(unknown);
      expect(await counts()).toEqual(before);
    });

    it("deletes for the comment's author or the post's author only, a top-level comment with its replies", async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const post = await published(alice);
      const top = await add(bob, { postId: post.postId, body: 'top' });
      const replies = [
        await add(carol, { postId: post.postId, body: 'r1', parentId: top.id }),
        await add(alice, { postId: post.postId, body: 'r2', parentId: top.id }),
      ];
      const second = await add(carol, { postId: post.postId, body: 'second' });
      const before = await counts();

      const forbidden = await h.request(DELETE_COMMENT, { input: { id: top.id } }, carol);
      expect(errorOf(forbidden)).toMatchObject({ code: 'FORBIDDEN', reason: 'COMMENTS.NOT_ALLOWED' });
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: randomUUID() } }, bob))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: 'nope' } }, bob))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: top.id } }))).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await counts()).toEqual(before);

      // The post's author removes carol's comment; bob removes his own thread.
      expect((await h.request(DELETE_COMMENT, { input: { id: second.id } }, alice)).data).toEqual({ deleteComment: true });
      expect((await h.request(DELETE_COMMENT, { input: { id: top.id } }, bob)).data).toEqual({ deleteComment: true });

      expect(await thread(post.postId, bob)).toMatchObject({ commentCount: 0, comments: { edges: [] } });
      const gone = await h.request(
        COMMENT_ENTITIES,
        { representations: commentRefs([top.id, ...replies.map((r) => r.id), second.id]) },
        alice,
      );
      expect(gone.data._entities).toEqual([null, null, null, null]);
      const deletions = (await h.commentEvents()).filter(
        (e) => e.type === 'comments.comment.deleted.v1' && e.payload.postId === post.postId,
      );
      expect(deletions.map((e) => e.payload)).toEqual([
        {
          commentId: second.id,
          postId: post.postId,
          authorId: carol.userId,
          parentId: null,
          removedCommentIds: [second.id],
          deletedBy: alice.userId,
          deletedAt: expect.any(String),
        },
        {
          commentId: top.id,
          postId: post.postId,
          authorId: bob.userId,
          parentId: null,
          removedCommentIds: [top.id, ...replies.map((r) => r.id)],
          deletedBy: bob.userId,
          deletedAt: expect.any(String),
        },
      ]);
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: top.id } }, bob))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lists top-level comments and replies oldest first, pages them by cursor and counts replies too', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = await published(alice);
      const tops = [];
      for (let i = 0; i < 5; i++) tops.push(await add(bob, { postId: post.postId, body: `c${i}` }));
      // Two comments in the same millisecond: the id breaks the tie.
      const tied = [
        await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'tie 1' } }, bob),
        await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'tie 2' } }, bob),
      ];
      tops.push(...tied.map((res) => res.data.addComment));
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(await add(alice, { postId: post.postId, body: `r${i}`, parentId: tops[0]!.id }));

      const all = await thread(post.postId, bob);
      expect(all.commentCount).toBe(10);
      expect(ids(all.comments)).toEqual(tops.map((c) => c.id));
      expect(ids(all.comments.edges[0]!.node.replies)).toEqual(replies.map((r) => r.id));

      const first = await thread(post.postId, bob, { first: 4 });
      expect(ids(first.comments)).toEqual(tops.slice(0, 4).map((c) => c.id));
      expect(first.comments.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const rest = await thread(post.postId, bob, { first: 4, after: first.comments.pageInfo.endCursor });
      expect(ids(rest.comments)).toEqual(tops.slice(4).map((c) => c.id));
      expect(rest.comments.pageInfo).toMatchObject({
        hasNextPage: false,
        hasPreviousPage: true,
        endCursor: rest.comments.edges.at(-1)!.cursor,
      });

      const page = await h.request(COMMENT_REPLIES, { representations: commentRefs([tops[0]!.id, replies[0]!.id]), first: 2 }, bob);
      expect(ids(page.data._entities[0].replies)).toEqual(replies.slice(0, 2).map((r) => r.id));
      expect(page.data._entities[0].replies.pageInfo.hasNextPage).toBe(true);
      const next = await h.request(
        COMMENT_REPLIES,
        { representations: commentRefs([tops[0]!.id]), first: 2, after: page.data._entities[0].replies.pageInfo.endCursor },
        bob,
      );
      expect(ids(next.data._entities[0].replies)).toEqual([replies[2]!.id]);
      // A reply has no replies.
      expect(page.data._entities[1].replies.edges).toEqual([]);

      expect((await h.request(COMMENT, { id: replies[1]!.id }, bob)).data.comment).toMatchObject({
        body: 'r1',
        parent: { id: tops[0]!.id },
        post: { id: post.postId },
      });

      for (const [args, field] of [
        [{ first: 101 }, 'first'],
        [{ first: 0 }, 'first'],
        [{ after: 'not-a-cursor' }, 'after'],
        [{ after: Buffer.from('["x"]').toString('base64url') }, 'after'],
      ] as const) {
        const res = await h.request(POST_COMMENTS, { representations: postRefs([post.postId]), ...args }, bob);
        expect(errorOf(res), JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });

    it("hides each side's comments from the other across a block, in lists, counts and references", async () => {
      const [alice, bob, carol, erin] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('erin')];
      const post = await published(alice);
      const byBob = await add(bob, { postId: post.postId, body: 'bob' });
      const byCarol = await add(carol, { postId: post.postId, body: 'carol' });
      const carolReply = await add(carol, { postId: post.postId, body: 'carol reply', parentId: byBob.id });
      const erinReply = await add(erin, { postId: post.postId, body: 'erin reply', parentId: byBob.id });

      // carol blocks bob: bob sees none of carol's comments, carol none of bob's (erin's reply to bob stays).
      await h.deliver(block(carol.userId, bob.userId));
      const everything = [byBob.id, byCarol.id, carolReply.id, erinReply.id];

      const bobSees = await thread(post.postId, bob);
      expect(bobSees.commentCount).toBe(2);
      expect(ids(bobSees.comments)).toEqual([byBob.id]);
      expect(ids(bobSees.comments.edges[0]!.node.replies)).toEqual([erinReply.id]);
      const bobRefs = await h.request(COMMENT_ENTITIES, { representations: commentRefs(everything) }, bob);
      expect(bobRefs.data._entities.map((c: { id: string } | null) => c?.id ?? null)).toEqual([byBob.id, null, null, erinReply.id]);

      const carolSees = await thread(post.postId, carol);
      // Her own two, and erin's reply (to bob's comment, which she does not see).
      expect(carolSees.commentCount).toBe(3);
      expect(ids(carolSees.comments)).toEqual([byCarol.id]);
      const carolRefs = await h.request(COMMENT_ENTITIES, { representations: commentRefs(everything) }, carol);
      // erin's reply is visible to carol, its parent (bob's) is not.
      expect(carolRefs.data._entities.map((c: { id: string } | null) => c?.id ?? null)).toEqual([
        null,
        byCarol.id,
        carolReply.id,
        erinReply.id,
      ]);
      expect(carolRefs.data._entities[3].parent).toBeNull();

      // Everyone else, the anonymous reader included, sees everything.
      for (const reader of [alice, erin, null]) expect((await thread(post.postId, reader)).commentCount).toBe(4);

      // Lifting the block (a newer version) shows everything again.
      await h.deliver(block(carol.userId, bob.userId, 2, false));
      expect((await thread(post.postId, bob)).commentCount).toBe(4);
    });

    it('hides a removed comment with its replies from all but its author and moderators, and a restoration brings back exactly what was there', async () => {
      const [alice, bob, carol, dave] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('dave')];
      const moderator: Viewer = { ...aUser('mod'), role: 'MODERATOR' };
      const post = await published(alice);
      const top = await add(bob, { postId: post.postId, body: 'spam' });
      const reply = await add(carol, { postId: post.postId, body: 'reply' });
      const answer = await add(carol, { postId: post.postId, body: 'answer', parentId: top.id });
      const before = await thread(post.postId, dave);
      expect(before.commentCount).toBe(3);

      const removal = contentRemoved(
        { postId: post.postId, authorId: bob.userId, commentId: top.id },
        new Date(clock.now().getTime() + 1000),
      );
      await h.deliver(removal);
      await h.redeliver(removal);
      expect(await h.app.prisma.moderatedContent.count({ where: { subjectId: top.id } })).toBe(1);

      for (const reader of [dave, alice, carol, null]) {
        const seen = await thread(post.postId, reader);
        expect(ids(seen.comments)).toEqual([reply.id]);
        expect(seen.commentCount).toBe(1);
        const refs = await h.request(COMMENT_ENTITIES, { representations: commentRefs([top.id, answer.id, reply.id]) }, reader);
        expect(refs.data._entities.map((c: any) => c?.id ?? null)).toEqual([null, null, reply.id]);
        expect((await h.request(COMMENT, { id: top.id }, reader)).data.comment).toBeNull();
      }
      // Its author sees it marked, with its replies; the count leaves it out for everyone.
      const own = await thread(post.postId, bob);
      expect(ids(own.comments)).toEqual([top.id, reply.id]);
      expect(own.commentCount).toBe(1);
      expect((await h.request(COMMENT, { id: top.id }, bob)).data.comment).toMatchObject({
        id: top.id,
        removedAt: removal.payload.removedAt,
      });
      // Moderators see it too.
      expect(ids((await thread(post.postId, moderator)).comments)).toEqual([top.id, reply.id]);
      // Nobody replies to it; its author may still delete it — but not yet here.
      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'r', parentId: top.id } }, dave))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'COMMENTS.PARENT_NOT_FOUND',
      });
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: top.id } }, alice))).toMatchObject({ code: 'NOT_FOUND' });

      await h.deliver(
        contentRestored({ postId: post.postId, authorId: bob.userId, commentId: top.id }, new Date(clock.now().getTime() + 2000)),
      );
      expect(await thread(post.postId, dave)).toEqual(before);
      expect((await h.request(COMMENT, { id: top.id }, bob)).data.comment.removedAt).toBeNull();

      // Removed again by a new event: hidden again; its author deletes it.
      await h.deliver(
        contentRemoved({ postId: post.postId, authorId: bob.userId, commentId: top.id }, new Date(clock.now().getTime() + 3000)),
      );
      expect(ids((await thread(post.postId, dave)).comments)).toEqual([reply.id]);
      expect((await h.request(DELETE_COMMENT, { input: { id: top.id } }, bob)).data.deleteComment).toBe(true);
    });

    it("takes a removed post's comments out of every read but its author's and moderators', refuses new ones, and restores them", async () => {
      const [alice, bob, dave] = [aUser('alice'), aUser('bob'), aUser('dave')];
      const moderator: Viewer = { ...aUser('mod'), role: 'ADMIN' };
      const post = await published(alice);
      const top = await add(bob, { postId: post.postId, body: 'top' });
      const before = await thread(post.postId, dave);

      await h.deliver(contentRemoved({ postId: post.postId, authorId: alice.userId }, new Date(clock.now().getTime() + 1000)));
      for (const reader of [dave, bob, null]) {
        expect(await thread(post.postId, reader)).toMatchObject({ commentCount: 0, comments: { edges: [] } });
        expect((await h.request(COMMENT, { id: top.id }, reader)).data.comment).toBeNull();
      }
      for (const reader of [alice, moderator]) expect((await thread(post.postId, reader)).commentCount).toBe(1);
      expect((await h.request(COMMENT, { id: top.id }, alice)).data.comment.removedAt).toBeNull();
      for (const author of [bob, alice])
        expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'x' } }, author))).toMatchObject({
          code: 'NOT_FOUND',
          reason: 'COMMENTS.POST_NOT_FOUND',
        });

      await h.deliver(contentRestored({ postId: post.postId, authorId: alice.userId }, new Date(clock.now().getTime() + 2000)));
      expect(await thread(post.postId, dave)).toEqual(before);
      await add(dave, { postId: post.postId, body: 'after' });
    });

    it('shows moderators every comment whatever the post audience or blocks', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const moderator: Viewer = { ...aUser('mod'), role: 'MODERATOR' };
      await h.deliver(follow(bob.userId, alice.userId));
      const post = await published(alice, { visibility: 'FOLLOWERS' });
      await add(bob, { postId: post.postId, body: 'for followers' });
      await h.deliver(block(alice.userId, moderator.userId));
      expect((await thread(post.postId, { userId: moderator.userId, username: moderator.username })).commentCount).toBe(0);
      expect((await thread(post.postId, moderator)).commentCount).toBe(1);
    });

    it('shows no comments of a post the viewer may not see: empty list, count 0, references null', async () => {
      const [alice, bob, frank] = [aUser('alice'), aUser('bob'), aUser('frank')];
      await h.deliver(follow(bob.userId, alice.userId));
      const post = await published(alice, { visibility: 'FOLLOWERS' });
      const comment = await add(bob, { postId: post.postId, body: 'for followers' });

      expect((await thread(post.postId, bob)).commentCount).toBe(1);
      for (const reader of [frank, null]) {
        expect(await thread(post.postId, reader)).toMatchObject({
          commentCount: 0,
          comments: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
        });
        expect((await h.request(COMMENT_ENTITIES, { representations: commentRefs([comment.id]) }, reader)).data._entities).toEqual([null]);
        expect((await h.request(COMMENT, { id: comment.id }, reader)).data.comment).toBeNull();
      }

      // The post becomes PUBLIC (version 3), then an older FOLLOWERS state (version 2) arrives late: it stays PUBLIC.
      await h.deliver(postAccessChanged('visibility', { ...post, visibility: 'PUBLIC', version: 3 }));
      await h.deliver(postAccessChanged('visibility', { ...post, visibility: 'FOLLOWERS', version: 2 }));
      expect((await thread(post.postId, frank)).commentCount).toBe(1);
      expect((await thread(post.postId, null)).commentCount).toBe(1);
    });

    it('refuses a comment on a post whose publication has not arrived yet, and accepts it once it arrives', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = aPost(alice);
      // Comments turned off (version 2) overtakes the publication: the post is still unknown.
      await h.deliver(postAccessChanged('comments', { ...post, commentsDisabled: true, version: 2 }));
      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'early' } }, bob))).toMatchObject({
        code: 'NOT_FOUND',
      });

      await h.deliver(postPublished(post));
      // Published, but the newer state (comments off) wins over the publication's.
      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'x' } }, bob))).toMatchObject({
        code: 'FORBIDDEN',
      });
      await h.deliver(postAccessChanged('comments', { ...post, commentsDisabled: false, version: 3 }));
      await add(bob, { postId: post.postId, body: 'in time' });

      const plain = aPost(alice);
      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: plain.postId, body: 'early' } }, bob))).toMatchObject({
        code: 'NOT_FOUND',
      });
      await h.deliver(postPublished(plain));
      expect((await add(bob, { postId: plain.postId, body: 'now' })).post.id).toBe(plain.postId);
    });

    it('keeps a post deleted when its deletion arrives before its publication', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = aPost(alice);
      await h.deliver(postDeleted(post));
      await h.deliver(postPublished(post));

      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'x' } }, bob))).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await thread(post.postId, alice)).commentCount).toBe(0);
    });

    it("removes a deleted post's comments once, and a redelivered deletion changes nothing", async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = await published(alice);
      const kept = await published(alice);
      const top = await add(bob, { postId: post.postId, body: 'top' });
      const reply = await add(alice, { postId: post.postId, body: 'reply', parentId: top.id });
      const other = await add(bob, { postId: kept.postId, body: 'stays' });
      const eventsBefore = (await h.commentEvents()).length;

      const deletion = postDeleted(post);
      await h.deliver(deletion);

      expect(await h.app.prisma.comment.count({ where: { postId: post.postId } })).toBe(0);
      expect(await h.app.prisma.comment.findUnique({ where: { id: other.id } })).not.toBeNull();
      expect(
        (await h.request(COMMENT_ENTITIES, { representations: commentRefs([top.id, reply.id, other.id]) }, bob)).data._entities.map(
          (c: any) => c?.id ?? null,
        ),
      ).toEqual([null, null, other.id]);
      expect(errorOf(await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'late' } }, bob))).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(errorOf(await h.request(DELETE_COMMENT, { input: { id: top.id } }, bob))).toMatchObject({ code: 'NOT_FOUND' });
      // No per-comment events for a post's deletion.
      expect(await h.commentEvents()).toHaveLength(eventsBefore);

      await h.redeliver(deletion);
      expect(await h.app.prisma.inboxEvent.count({ where: { eventId: deletion.id } })).toBe(2);
      expect(await h.app.prisma.comment.count({ where: { postId: kept.postId } })).toBe(1);
    });
  });
}
