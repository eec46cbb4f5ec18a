/**
 * No N+1: what a gateway query plan asks of comments for a page of posts (or comments) costs the
 * same number of SQL statements for 5 as for 50 of them — one per field, counted at the driver
 * adapter.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '@agora/service-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { block, postPublished } from './support/events';
import { aUser, startHarness, testConfig, type Harness } from './support/comments-harness';
import { ADD_COMMENT, commentRefs, postRefs } from './support/operations';

let nats: NatsServer;
let h: Harness;
const author = aUser('author');
const viewer = aUser('viewer');
const people = Array.from({ length: 4 }, () => aUser('commenter'));
const blocked = aUser('blocked');
const postIds = Array.from({ length: 50 }, () => randomUUID());
/** Per post: its top-level comment ids, oldest first; per top-level comment: its reply ids. */
const topLevel = new Map<string, string[]>();
const replies = new Map<string, string[]>();

/** Every comment field of 50 posts, with replies and each comment's parent, in one request. */
const POSTS_WITH_THREADS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Post {
        id commentCount
        comments(first: 3) {
          edges { node { id parent { id } replies(first: 2) { edges { node { id parent { id } } } pageInfo { hasNextPage } } } }
          pageInfo { hasNextPage }
        }
      }
    }
  }
`;
const COMMENTS_WITH_PARENTS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Comment { id body post { id } author { id } parent { id body } } }
  }
`;

async function comment(as: Viewer, postId: string, parentId?: string): Promise<string> {
  const res = await h.request(ADD_COMMENT, { input: { postId, body: `by ${as.username}`, parentId } }, as);
  expect(res.errors).toBeUndefined();
  return res.data.addComment.id;
}

beforeAll(async () => {
  nats = await startNats();
  // No outbox polling while statements are counted.
  h = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true }, relay: { pollIntervalMs: 3_600_000 } });
  await h.deliver(...postIds.map((postId) => postPublished({ postId, authorId: author.userId })));
  // Every post: 4 top-level comments (one by someone the viewer blocks), the first with 3 replies.
  for (const postId of postIds) {
    const tops = [];
    for (const person of [people[0]!, blocked, people[1]!, people[2]!]) tops.push(await comment(person, postId));
    const first = tops[0]!;
    replies.set(first, [
      await comment(people[3]!, postId, first),
      await comment(blocked, postId, first),
      await comment(author, postId, first),
      await comment(people[1]!, postId, first),
    ]);
    topLevel.set(postId, tops);
  }
  await h.deliver(block(viewer.userId, blocked.userId));
}, 300_000);

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

/** SQL statements sent while answering one query (the relay's outbox SQL excluded). */
async function statementsFor(query: string, representations: unknown[], as?: Viewer) {
  h.statements.reset();
  const response = await h.request(query, { representations }, as);
  expect(response.errors).toBeUndefined();
  return { sql: h.statements.statements.filter((sql) => !/outbox/.test(sql)), data: response.data._entities as any[] };
}

describe('batching', () => {
  it('resolves comments, replies, counts and parents of 50 posts with the same statements as 5', async () => {
    const five = await statementsFor(POSTS_WITH_THREADS, postRefs(postIds.slice(0, 5)), viewer);
    const fifty = await statementsFor(POSTS_WITH_THREADS, postRefs(postIds), viewer);

    // commentCount, comments, then replies and the parents of the listed comments (one lookup for all levels).
    expect(five.sql).toHaveLength(4);
    expect(fifty.sql).toHaveLength(five.sql.length);
    expect(fifty.data).toHaveLength(50);
    for (const [index, post] of fifty.data.entries()) {
      const [first, , third, fourth] = topLevel.get(postIds[index]!)!;
      const [r1, , r3] = replies.get(first!)!;
      // The blocked user's comment and reply are left out of the lists and the count.
      expect(post.commentCount).toBe(6);
      expect(post.comments.edges.map((e: any) => e.node.id)).toEqual([first, third, fourth]);
      expect(post.comments.pageInfo.hasNextPage).toBe(false);
      expect(post.comments.edges[0].node.replies).toEqual({
        edges: [r1, r3].map((id) => ({ node: { id, parent: { id: first } } })),
        pageInfo: { hasNextPage: true },
      });
      expect(post.comments.edges[1].node).toMatchObject({ parent: null, replies: { edges: [] } });
    }
  });

  it('resolves 50 comment references with their parents with the same statements as 5', async () => {
    const replyIds = postIds.map((postId) => replies.get(topLevel.get(postId)![0]!)![0]!);
    const five = await statementsFor(COMMENTS_WITH_PARENTS, commentRefs(replyIds.slice(0, 5)), viewer);
    const fifty = await statementsFor(COMMENTS_WITH_PARENTS, commentRefs(replyIds), viewer);

    // The references, then their parents.
    expect(five.sql).toHaveLength(2);
    expect(fifty.sql).toHaveLength(2);
    expect(fifty.data.map((c) => c.parent.id)).toEqual(postIds.map((postId) => topLevel.get(postId)![0]));
    expect(fifty.data[0]).toMatchObject({
      post: { id: postIds[0] },
      author: { id: people[3]!.userId },
      parent: { body: `by ${people[0]!.username}` },
    });
  });

  it("resolves the blocked user's comments to null in the same single statement", async () => {
    const theirs = postIds.map((postId) => topLevel.get(postId)![1]!);
    const result = await statementsFor(COMMENTS_WITH_PARENTS, commentRefs(theirs), viewer);

    expect(result.sql).toHaveLength(1);
    expect(result.data).toEqual(Array(50).fill(null));
  });
});
