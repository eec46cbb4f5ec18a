/**
 * The social domain end to end, through the real gateway over HTTP with every context running as
 * its own process (as `npm start` runs them), with three people:
 *   alice posts; bob follows her and is in her circle; carol follows her but is not in the circle.
 * Follow, FOLLOWERS and CIRCLE visibility, comments and replies, reactions replacing each other,
 * notifications once each and marked seen, the feed page with everything on it, edits producing
 * revisions, a stale expectedVersion refused, and finally a block hiding content both ways.
 *
 * Read models are built from events, so every read after a write waits for its condition (never
 * a sleep); negative checks ("carol does not see it") are made after a positive check proved the
 * same consumers have caught up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@agora/devstack';
import { startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { errorCodes, newPerson, operationsAt, register, startTestPlatform, waitForProfile, type Session } from './support';

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };

export function defineSocialDomainSuite(
  label: string,
  databaseEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>,
): void {
  describe(`social domain through the gateway (${label})`, () => {
    let platform: Platform;
    let nats: NatsServer;
    let data: TempDir;
    let cleanupDatabases: () => Promise<void> = async () => {};
    let url: string;
    let alice: Session;
    let bob: Session;
    let carol: Session;

    /** One operation as `who` (null: anonymous): `as` fails the test on any GraphQL error, `raw` returns the response. */
    const { as, raw } = operationsAt(() => url);

    const postVisible = async (who: Session | null, id: string) =>
      (await as(who, `query($id: ID!) { post(id: $id) { id } }`, { id })).post !== null;
    const feedIds = async (who: Session) =>
      (await as(who, `{ feed(first: 100) { edges { node { id } } } }`)).feed.edges.map((e: any) => e.node.id as string);

    beforeAll(async () => {
      data = await tempDir('agora-e2e-social-');
      nats = await startNats();
      const db = await databaseEnv();
      cleanupDatabases = db.cleanup;
      platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url, env: db.env });
      url = platform.gatewayUrl;
      [alice, bob, carol] = await Promise.all([
        register(url, newPerson('alice')),
        register(url, newPerson('bob')),
        register(url, newPerson('carol')),
      ]);
      await Promise.all([alice, bob, carol].map((s) => waitForProfile(url, s.username, WAIT.timeoutMs)));
    });

    afterAll(async () => {
      await platform?.stop();
      await nats?.stop();
      await cleanupDatabases();
      await data?.remove();
    });

    let circleId: string;
    const posts = { public: '', followers: '', circle: '' };

    it('follows (idempotently) and refuses following yourself or nobody', async () => {
      await as(bob, `mutation($id: ID!) { follow(input: { userId: $id }) { id viewerFollows } }`, { id: alice.userId });
      const again = await as(bob, `mutation($id: ID!) { follow(input: { userId: $id }) { id viewerFollows followerCount } }`, {
        id: alice.userId,
      });
      expect(again.follow).toMatchObject({ viewerFollows: true, followerCount: 1 });
      await as(carol, `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`, { id: alice.userId });

      expect(errorCodes(await raw(bob, `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`, { id: bob.userId }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(errorCodes(await raw(bob, `mutation { follow(input: { userId: "01900000-0000-7000-8000-000000000000" }) { id } }`))).toEqual([
        'NOT_FOUND',
      ]);
      const me = await as(alice, `{ me { followerCount followers(first: 10) { edges { node { username } } } } }`);
      expect(me.me.followerCount).toBe(2);
      expect(me.me.followers.edges.map((e: any) => e.node.username).sort()).toEqual([bob.username, carol.username].sort());
    });

    it('publishes to PUBLIC, FOLLOWERS and a circle; each is seen by exactly its audience', async () => {
      circleId = (await as(alice, `mutation { createCircle(input: { name: "close friends" }) { id } }`)).createCircle.id;
      await as(alice, `mutation($c: ID!, $u: ID!) { addToCircle(input: { circleId: $c, userId: $u }) { id } }`, {
        c: circleId,
        u: bob.userId,
      });
      const create = (input: Record<string, unknown>) =>
        as(alice, `mutation($input: CreatePostInput!) { createPost(input: $input) { id version } }`, { input });
      posts.public = (await create({ body: `Hello everyone, and hi @${bob.username}!` })).createPost.id;
      posts.followers = (await create({ body: 'For my followers', visibility: 'FOLLOWERS' })).createPost.id;
      posts.circle = (await create({ body: 'Only for the circle', visibility: 'CIRCLE', circleIds: [circleId] })).createPost.id;

      // bob (follower, member) sees all three once posts' replica caught up; carol not the circle post.
      await waitFor(async () => (await postVisible(bob, posts.circle)) || undefined, { ...WAIT, message: 'bob never saw the circle post' });
      await waitFor(async () => (await postVisible(carol, posts.followers)) || undefined, {
        ...WAIT,
        message: 'carol never saw the FOLLOWERS post',
      });
      expect(await postVisible(bob, posts.followers)).toBe(true);
      expect(await postVisible(carol, posts.circle)).toBe(false);
      expect(await postVisible(null, posts.public)).toBe(true);
      expect(await postVisible(null, posts.followers)).toBe(false);
      expect(await postVisible(null, posts.circle)).toBe(false);
    });

    it('fans the posts out to the followers’ feeds, filtered by visibility', async () => {
      const all = [posts.circle, posts.followers, posts.public];
      await waitFor(async () => ((await feedIds(bob)).length === 3 ? true : undefined), {
        ...WAIT,
        message: 'bob’s feed never had the three posts',
      });
      expect(await feedIds(bob)).toEqual(all); // newest first
      await waitFor(async () => ((await feedIds(carol)).length === 2 ? true : undefined), {
        ...WAIT,
        message: 'carol’s feed never had two posts',
      });
      expect(await feedIds(carol)).toEqual([posts.followers, posts.public]);
      expect(await feedIds(alice)).toEqual(all); // own posts
      expect(errorCodes(await raw(null, `{ feed { edges { cursor } } }`))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await raw(bob, `{ feed(first: 101) { edges { cursor } } }`))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await raw(bob, `{ feed(first: 5, after: "not-a-cursor") { edges { cursor } } }`))).toEqual(['BAD_USER_INPUT']);
    });

    let bobComment: string;
    let carolReply: string;

    it('comments and replies, and refuses what API.md refuses', async () => {
      bobComment = (
        await as(bob, `mutation($p: ID!) { addComment(input: { postId: $p, body: "Nice to see you here" }) { id } }`, { p: posts.public })
      ).addComment.id;
      const reply = await as(
        carol,
        `mutation($p: ID!, $c: ID!) { addComment(input: { postId: $p, parentId: $c, body: "Agreed!" }) { id parent { id } } }`,
        {
          p: posts.public,
          c: bobComment,
        },
      );
      carolReply = reply.addComment.id;
      expect(reply.addComment.parent).toEqual({ id: bobComment });

      const tooLong = await raw(bob, `mutation($p: ID!, $b: String!) { addComment(input: { postId: $p, body: $b }) { id } }`, {
        p: posts.public,
        b: 'x'.repeat(2001),
      });
      expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      const replyToReply = await raw(
        bob,
        `mutation($p: ID!, $c: ID!) { addComment(input: { postId: $p, parentId: $c, body: "deeper" }) { id } }`,
        { p: posts.public, c: carolReply },
      );
      expect(errorCodes(replyToReply)).toEqual(['BAD_USER_INPUT']);
      const onHidden = await raw(carol, `mutation($p: ID!) { addComment(input: { postId: $p, body: "sneaky" }) { id } }`, {
        p: posts.circle,
      });
      expect(errorCodes(onHidden)).toEqual(['NOT_FOUND']);

      const read = await as(
        alice,
        `query($id: ID!) { post(id: $id) { commentCount comments(first: 10) { edges { node { body author { username } replies(first: 10) { edges { node { body author { username } } } } } } } } }`,
        {
          id: posts.public,
        },
      );
      expect(read.post.commentCount).toBe(2);
      expect(read.post.comments.edges).toEqual([
        {
          node: {
            body: 'Nice to see you here',
            author: { username: bob.username },
            replies: { edges: [{ node: { body: 'Agreed!', author: { username: carol.username } } }] },
          },
        },
      ]);
    });

    it('keeps one reaction per person per subject: a new kind replaces the old', async () => {
      const react = (who: Session, subjectId: string, kind: string) =>
        as(who, `mutation($s: ID!, $k: ReactionKind!) { react(input: { subjectId: $s, kind: $k }) }`, { s: subjectId, k: kind });
      await react(bob, posts.public, 'LIKE');
      await react(bob, posts.public, 'LOVE');
      await react(carol, posts.public, 'LOVE');
      await react(carol, bobComment, 'LAUGH');
      const seen = await as(
        bob,
        `query($id: ID!) { post(id: $id) { reactions { kind count } viewerReaction comments(first: 1) { edges { node { reactions { kind count } viewerReaction } } } } }`,
        {
          id: posts.public,
        },
      );
      expect(seen.post.reactions).toEqual([{ kind: 'LOVE', count: 2 }]);
      expect(seen.post.viewerReaction).toBe('LOVE');
      expect(seen.post.comments.edges[0].node).toEqual({ reactions: [{ kind: 'LAUGH', count: 1 }], viewerReaction: null });
      expect(
        errorCodes(await raw(carol, `mutation($s: ID!) { react(input: { subjectId: $s, kind: LIKE }) }`, { s: posts.circle })),
      ).toEqual(['NOT_FOUND']);
      expect(
        errorCodes(await raw(carol, `mutation { react(input: { subjectId: "01900000-0000-7000-8000-000000000000", kind: LIKE }) }`)),
      ).toEqual(['NOT_FOUND']);
    });

    it('notifies once per cause, never of your own actions, and marks notifications seen', async () => {
      type N = { kind: string; actor: { username: string }; seen: boolean };
      const list = async (who: Session): Promise<N[]> =>
        (await as(who, `{ notifications(first: 50) { edges { node { kind seen actor { username } } } } }`)).notifications.edges.map(
          (e: any) => e.node,
        );
      const summary = (items: N[]) => items.map((n) => `${n.kind}:${n.actor.username}`).sort();

      // alice: followed by bob and carol; bob commented; carol's reply is also a comment on her post;
      // bob reacted once (LIKE then LOVE is one reaction); carol reacted to the post.
      const aliceExpected = [
        `FOLLOWED:${bob.username}`,
        `FOLLOWED:${carol.username}`,
        `COMMENTED:${bob.username}`,
        `COMMENTED:${carol.username}`,
        `REACTED:${bob.username}`,
        `REACTED:${carol.username}`,
      ].sort();
      await waitFor(async () => (summary(await list(alice)).length >= aliceExpected.length ? true : undefined), {
        ...WAIT,
        message: 'alice’s notifications never arrived',
      });
      // bob: mentioned in alice's post, carol replied to his comment and reacted to it.
      const bobExpected = [`MENTIONED:${alice.username}`, `REPLIED:${carol.username}`, `REACTED:${carol.username}`].sort();
      await waitFor(async () => (summary(await list(bob)).length >= bobExpected.length ? true : undefined), {
        ...WAIT,
        message: 'bob’s notifications never arrived',
      });

      // Everything has been delivered; exactly these, once each (nothing for carol: nobody acted on her things).
      expect(summary(await list(alice))).toEqual(aliceExpected);
      expect(summary(await list(bob))).toEqual(bobExpected);
      expect(await list(carol)).toEqual([]);

      expect((await as(alice, `{ unseenNotificationCount }`)).unseenNotificationCount).toBe(aliceExpected.length);
      expect((await as(alice, `mutation { markNotificationsSeen(input: {}) }`)).markNotificationsSeen).toBe(aliceExpected.length);
      expect((await as(alice, `{ unseenNotificationCount }`)).unseenNotificationCount).toBe(0);
      expect((await list(alice)).every((n) => n.seen)).toBe(true);
      expect((await as(alice, `mutation { markNotificationsSeen(input: {}) }`)).markNotificationsSeen).toBe(0);
    });

    it('serves a feed page with authors, counts, reactions and the first comments in one request', async () => {
      const page = await as(
        bob,
        `{ feed(first: 10) { edges { cursor node { id body author { username displayName } commentCount reactions { kind count } viewerReaction
             comments(first: 3) { edges { node { body author { username displayName } } } } } } pageInfo { hasNextPage endCursor } } }`,
      );
      const pub = page.feed.edges.find((e: any) => e.node.id === posts.public).node;
      expect(pub).toMatchObject({
        author: { username: alice.username, displayName: alice.username },
        commentCount: 2,
        reactions: [{ kind: 'LOVE', count: 2 }],
        viewerReaction: 'LOVE',
        comments: { edges: [{ node: { body: 'Nice to see you here', author: { username: bob.username, displayName: bob.username } } }] },
      });
      expect(page.feed.pageInfo.hasNextPage).toBe(false);
      // Paging by cursor continues where the page ended.
      const first = await as(bob, `{ feed(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
      expect(first.feed.pageInfo.hasNextPage).toBe(true);
      const rest = await as(bob, `query($a: String!) { feed(first: 2, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }`, {
        a: first.feed.pageInfo.endCursor,
      });
      expect([...first.feed.edges, ...rest.feed.edges].map((e: any) => e.node.id)).toEqual([posts.circle, posts.followers, posts.public]);
      expect(rest.feed.pageInfo.hasNextPage).toBe(false);
    });

    it('records edits as revisions and refuses a stale expectedVersion with CONFLICT', async () => {
      const edited = await as(
        alice,
        `mutation($id: ID!) { editPost(input: { id: $id, body: "Hello everyone (edited)", expectedVersion: 1 }) { version editedAt revisions { version body } } }`,
        {
          id: posts.public,
        },
      );
      expect(edited.editPost.version).toBe(2);
      expect(edited.editPost.revisions.map((r: any) => r.version)).toEqual([1, 2]);
      expect(edited.editPost.revisions[1].body).toBe('Hello everyone (edited)');
      const stale = await raw(
        alice,
        `mutation($id: ID!) { editPost(input: { id: $id, body: "lost update", expectedVersion: 1 }) { version } }`,
        { id: posts.public },
      );
      expect(errorCodes(stale)).toEqual(['CONFLICT']);
      const now = await as(bob, `query($id: ID!) { post(id: $id) { body version revisions { version } } }`, { id: posts.public });
      expect(now.post).toEqual({ body: 'Hello everyone (edited)', version: 2, revisions: [] }); // revisions: author only
    });

    it('hides each side’s content from the other after a block, and forbids new interactions', async () => {
      const carolPost = (await as(carol, `mutation { createPost(input: { body: "carol speaking" }) { id } }`)).createPost.id;
      expect(await postVisible(alice, carolPost)).toBe(true);
      await as(alice, `mutation($id: ID!) { block(input: { userId: $id }) { id viewerBlocked } }`, { id: carol.userId });
      expect(errorCodes(await raw(alice, `mutation($id: ID!) { block(input: { userId: $id }) { id } }`, { id: carol.userId }))).toEqual([
        'CONFLICT',
      ]);

      await waitFor(async () => ((await postVisible(carol, posts.public)) ? undefined : true), {
        ...WAIT,
        message: 'carol still sees alice’s public post',
      });
      await waitFor(async () => ((await postVisible(alice, carolPost)) ? undefined : true), {
        ...WAIT,
        message: 'alice still sees carol’s post',
      });
      // carol's feed keeps only her own post.
      await waitFor(async () => ((await feedIds(carol)).join() === carolPost ? true : undefined), {
        ...WAIT,
        message: 'carol’s feed still shows alice’s posts',
      });
      const followers = await as(alice, `{ me { followerCount } }`);
      expect(followers.me.followerCount).toBe(1); // the block removed carol's follow

      // carol's reply disappears from alice's view of the thread; her comment is refused.
      await waitFor(
        async () => {
          const thread = await as(alice, `query($id: ID!) { post(id: $id) { commentCount } }`, { id: posts.public });
          return thread.post.commentCount === 1 ? true : undefined;
        },
        { ...WAIT, message: 'alice still sees carol’s reply' },
      );
      await waitFor(
        async () =>
          errorCodes(
            await raw(carol, `mutation($p: ID!) { addComment(input: { postId: $p, body: "let me in" }) { id } }`, { p: posts.public }),
          )[0] === 'NOT_FOUND'
            ? true
            : undefined,
        { ...WAIT, message: 'carol could still comment' },
      );
      expect(errorCodes(await raw(carol, `mutation($s: ID!) { react(input: { subjectId: $s, kind: SAD }) }`, { s: posts.public }))).toEqual(
        ['NOT_FOUND'],
      );
    });
  });
}
