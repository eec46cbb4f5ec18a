/**
 * No N+1 in media (issue #9): one gateway request for a page of posts with their attachments
 * (`Post.attachments` with URLs, sizes and owners, as a viewer who is not the owner, so media checks
 * each item's audience) costs media the same number of SQL statements for 50 posts as for 5.
 *
 * Every context runs in this process with a statement counter around its database adapter (see
 * in-process-platform.ts); the gateway in front is the real one over HTTP, and the uploads go
 * through its `/media/*` proxy. Messaging plumbing (outbox, inbox) is left out; background work
 * can only add statements, so each size is measured three times and the smallest count is compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startNats, waitFor, type NatsServer } from '@agora/testing';
import { fewestStatements, startInProcessPlatform, type InProcessPlatform } from './in-process-platform';
import { CREATE_UPLOAD, putUpload, smallPng, type Ticket } from './media.suite';
import { newPerson, register, waitForProfile, type Session } from './support';

const PAGE = `query($first: Int!) { posts(first: $first) { edges { node {
  id attachments { id kind status width height url thumbnailUrl owner { id } }
} } } }`;

describe('Post.attachments costs media the same SQL statements for 50 posts as for 5', () => {
  let nats: NatsServer;
  let platform: InProcessPlatform;
  let alice: Session;
  let bob: Session;
  /** Attachment ids per post, newest post first (the order `posts` lists them). */
  const expected: string[][] = [];

  const as = async (who: Session, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(platform.gatewayUrl, query, variables, { token: who.accessToken });
    if (res.errors) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  async function upload(seed: number): Promise<string> {
    const png = await smallPng(32);
    const ticket: Ticket = (await as(alice, CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: png.length } }))
      .createUpload;
    const put = await putUpload(ticket, png);
    if (put.status !== 200) throw new Error(`upload ${seed} answered ${put.status}: ${JSON.stringify(put.json)}`);
    return ticket.item.id;
  }

  beforeAll(async () => {
    nats = await startNats();
    platform = await startInProcessPlatform({ natsUrl: nats.url });
    [alice, bob] = await Promise.all([register(platform.gatewayUrl, newPerson('alice')), register(platform.gatewayUrl, newPerson('bob'))]);
    await Promise.all([alice, bob].map((s) => waitForProfile(platform.gatewayUrl, s.username, 60_000)));

    // 50 public posts; every fifth carries two attachments, the others one.
    const perPost: string[][] = [];
    for (let i = 0; i < 50; i += 10) {
      const chunk = await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const n = i + j;
          const ids = [await upload(n * 2)];
          if (n % 5 === 0) ids.push(await upload(n * 2 + 1));
          return ids;
        }),
      );
      perPost.push(...chunk);
    }
    for (const [n, attachmentIds] of perPost.entries()) {
      // posts learns that an item is READY from media's event; until then it refuses the attachment.
      await waitFor(
        async () => {
          const res = await gql(
            platform.gatewayUrl,
            `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
            { input: { body: `post ${n}`, attachmentIds } },
            { token: alice.accessToken },
          );
          if (res.errors?.[0]?.extensions?.reason === 'POSTS.ATTACHMENT_NOT_AVAILABLE') return undefined;
          if (res.errors) throw new Error(`createPost failed: ${JSON.stringify(res.errors)}`);
          return true;
        },
        { timeoutMs: 60_000, message: `posts never accepted the attachments of post ${n}` },
      );
      expected.unshift(attachmentIds);
    }
    // bob sees every attachment with a URL once media's replica of the posts' audience caught up.
    await waitFor(
      async () => {
        const page = await as(bob, PAGE, { first: 50 });
        const edges = page.posts.edges as any[];
        return edges.length === 50 &&
          edges.every((e, i) => e.node.attachments.length === expected[i]!.length && e.node.attachments.every((a: any) => a.url))
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, message: 'bob never saw all 50 posts with their attachments' },
    );
  });

  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
  });

  /** Statements per subgraph for one page of `first` posts (the smallest of three runs). */
  const statementsFor = (first: number): Promise<Record<string, number>> =>
    fewestStatements(platform, async () => {
      const page = await as(bob, PAGE, { first });
      expect(page.posts.edges).toHaveLength(first);
    });

  it('serves every post’s attachments, in the author’s order, with URLs', async () => {
    const page = await as(bob, PAGE, { first: 50 });
    const edges = page.posts.edges as any[];
    expect(edges.map((e) => e.node.attachments.map((a: any) => a.id))).toEqual(expected);
    for (const a of edges.flatMap((e) => e.node.attachments)) {
      expect(a).toMatchObject({ kind: 'IMAGE', status: 'READY', width: 32, height: 32, owner: { id: alice.userId } });
      expect(a.url).toMatch(/\/media\/files\/[^/]+\/original\?/);
      expect(a.thumbnailUrl).toMatch(/\/media\/files\/[^/]+\/thumbnail\?/);
    }
    const file = await fetch(edges[0].node.attachments[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    await file.body?.cancel();
  });

  it('costs media the same statements for 5 and 50 posts', async () => {
    await statementsFor(5); // warm-up: token key set, prepared caches
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    console.info(`statements per subgraph — 5 posts: ${JSON.stringify(five)}; 50 posts: ${JSON.stringify(fifty)}`);
    expect(five.media).toBeGreaterThan(0); // the page really reached media's database
    expect(fifty.media).toBe(five.media);
    expect(fifty.posts).toBe(five.posts);
  });
});
