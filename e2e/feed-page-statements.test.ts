/**
 * No N+1 anywhere (issue #3): one gateway request for a feed page — each post with its author's
 * display name, comment count, reactions, the viewer's reaction and the first 3 comments with
 * their authors — costs the same number of SQL statements in every subgraph for 50 posts as for 5.
 *
 * Every context runs in this process with a statement counter around its database adapter; the
 * gateway in front is the real one over HTTP. Statements of the messaging plumbing (outbox relay,
 * inbox) are not part of the request and are left out; other background work (a consumer still
 * applying an event) can only add statements, so each size is measured three times and the
 * smallest count per subgraph is compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startNats, waitFor, type NatsServer } from '@agora/testing';
import { fewestStatements, startInProcessPlatform, type InProcessPlatform } from './in-process-platform';
import { newPerson, register, waitForProfile, type Session } from './support';

const FEED_PAGE = `query($first: Int!) { feed(first: $first) { edges { node {
  id body author { username displayName } commentCount reactions { kind count } viewerReaction
  comments(first: 3) { edges { node { body author { username displayName } } } }
} } } }`;

describe('a feed page costs the same SQL statements per subgraph for 50 posts as for 5', () => {
  let nats: NatsServer;
  let platform: InProcessPlatform;
  let alice: Session;
  let bob: Session;
  let carol: Session;

  const as = async (who: Session, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(platform.gatewayUrl, query, variables, { token: who.accessToken });
    if (res.errors) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  /** Runs `tasks` ten at a time. */
  const inChunks = async (tasks: (() => Promise<unknown>)[]) => {
    for (let i = 0; i < tasks.length; i += 10) await Promise.all(tasks.slice(i, i + 10).map((task) => task()));
  };

  beforeAll(async () => {
    nats = await startNats();
    platform = await startInProcessPlatform({ natsUrl: nats.url });
    [alice, bob, carol] = await Promise.all([
      register(platform.gatewayUrl, newPerson('alice')),
      register(platform.gatewayUrl, newPerson('bob')),
      register(platform.gatewayUrl, newPerson('carol')),
    ]);
    await Promise.all([alice, bob, carol].map((s) => waitForProfile(platform.gatewayUrl, s.username, 60_000)));
    await as(bob, `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`, { id: alice.userId });

    const postIds: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      postIds.push((await as(alice, `mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: `post ${i}` })).createPost.id);
    }
    // Wait until the comments and reactions contexts know every post (their replicas are event-built).
    await waitFor(
      async () => {
        const res = await gql(
          platform.gatewayUrl,
          `mutation($p: ID!) { addComment(input: { postId: $p, body: "first!" }) { id } }`,
          { p: postIds[49] },
          { token: carol.accessToken },
        );
        return res.errors ? undefined : true;
      },
      { timeoutMs: 60_000, message: 'comments never learned of the posts' },
    );
    // Every post: a comment by bob, a reaction by carol; every odd-numbered post: bob’s reaction too; the
    // newest five: four more comments, so `comments(first: 3)` really truncates.
    await inChunks([
      ...postIds.map((p) => () => as(bob, `mutation($p: ID!) { addComment(input: { postId: $p, body: "nice" }) { id } }`, { p })),
      ...postIds
        .slice(45)
        .flatMap((p) =>
          [1, 2, 3, 4].map(
            (n) => () =>
              as(carol, `mutation($p: ID!, $b: String!) { addComment(input: { postId: $p, body: $b }) { id } }`, { p, b: `more ${n}` }),
          ),
        ),
      ...postIds.map(
        (p) => () => retryUntilKnown(() => as(carol, `mutation($s: ID!) { react(input: { subjectId: $s, kind: LIKE }) }`, { s: p })),
      ),
      ...postIds
        .filter((_, i) => i % 2 === 1)
        .map((p) => () => retryUntilKnown(() => as(bob, `mutation($s: ID!) { react(input: { subjectId: $s, kind: WOW }) }`, { s: p }))),
    ]);
    // The feed has all 50 posts with their counts.
    await waitFor(
      async () => {
        const page = await as(bob, FEED_PAGE, { first: 50 });
        return page.feed.edges.length === 50 ? true : undefined;
      },
      { timeoutMs: 120_000, message: 'bob’s feed never had 50 posts' },
    );
  });

  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
  });

  /** Statements per subgraph for one page of `first` posts (the smallest of three runs). */
  const statementsFor = (first: number): Promise<Record<string, number>> =>
    fewestStatements(platform, async () => {
      const page = await as(bob, FEED_PAGE, { first });
      expect(page.feed.edges).toHaveLength(first);
    });

  it('serves the page with everything on it', async () => {
    const page = await as(bob, FEED_PAGE, { first: 50 });
    const newest = page.feed.edges[0].node;
    expect(newest).toMatchObject({
      body: 'post 49',
      author: { username: alice.username, displayName: alice.username },
      commentCount: 6,
      viewerReaction: 'WOW',
    });
    expect(newest.comments.edges).toHaveLength(3);
    expect(newest.comments.edges[0].node.author.displayName).toBeTruthy();
    expect(newest.reactions).toEqual([
      { kind: 'LIKE', count: 1 },
      { kind: 'WOW', count: 1 },
    ]);
    expect(page.feed.edges.every((e: any) => e.node.commentCount >= 1 && e.node.reactions.length >= 1)).toBe(true);
  });

  it('costs the same statements per subgraph for 5 and 50 posts', async () => {
    await statementsFor(5); // warm-up: token key set, prepared caches
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    console.info(`statements per subgraph — 5 posts: ${JSON.stringify(five)}; 50 posts: ${JSON.stringify(fifty)}`);
    expect(fifty).toEqual(five);
    // The page really reached the subgraphs it needs.
    for (const name of ['feed', 'posts', 'identity', 'profiles', 'comments', 'reactions']) expect(five[name], name).toBeGreaterThan(0);
  });
});

/** A reaction right after a comment or post may reach reactions before its replica knows the subject. */
async function retryUntilKnown<T>(attempt: () => Promise<T>): Promise<T> {
  return waitFor(
    async () => {
      try {
        return await attempt();
      } catch (error) {
        if (/NOT_FOUND/.test(String(error))) return undefined;
        throw error;
      }
    },
    { timeoutMs: 60_000, message: 'the subject never became known to reactions' },
  );
}
