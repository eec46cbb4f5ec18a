/**
 * No N+1: what a gateway query plan asks of reactions for a page of posts and comments costs the
 * same number of SQL statements for 5 as for 50 of them — one per field and subject type,
 * counted at the driver adapter.
 */
import { newEventId } from '@agora/events';
import type { Viewer } from '@agora/service-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentAdded, postPublished, socialEvent, type PostSpec } from './support/events';
import { REACT, SUBJECTS, commentRefs, postRefs } from './support/operations';
import { aUser, startHarness, testConfig, type Harness } from './support/reactions-harness';

let nats: NatsServer;
let h: Harness;
const author = aUser();
const viewer = aUser();
const fan = aUser();
const blocked = aUser();
const KINDS = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'];
const posts: PostSpec[] = Array.from({ length: 50 }, (_, index) => ({
  postId: newEventId(),
  authorId: author.userId,
  // Every tenth post is for followers only; the viewer follows the author.
  visibility: index % 10 === 9 ? 'FOLLOWERS' : 'PUBLIC',
}));
/** One comment per post, every fifth by a user the viewer blocked. */
const comments = posts.map((post, index) => ({
  commentId: newEventId(),
  postId: post.postId,
  postAuthorId: author.userId,
  authorId: index % 5 === 4 ? blocked.userId : fan.userId,
}));

async function react(user: Viewer, subjectId: string, kind: string) {
  const response = await h.request(REACT, { input: { subjectId, kind } }, user);
  expect(response.errors).toBeUndefined();
}

beforeAll(async () => {
  nats = await startNats();
  // No outbox polling while statements are counted.
  h = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true }, relay: { pollIntervalMs: 3_600_000 } });
  await h.deliver(
    socialEvent({ kind: 'follow', followerId: viewer.userId, followeeId: author.userId, version: 1, active: true }),
    socialEvent({ kind: 'follow', followerId: fan.userId, followeeId: author.userId, version: 1, active: true }),
    ...posts.map(postPublished),
    ...comments.map(commentAdded),
  );
  for (const [index, post] of posts.entries()) {
    await react(fan, post.postId, KINDS[index % KINDS.length]!);
    await react(viewer, comments[index]!.commentId, KINDS[(index + 1) % KINDS.length]!);
  }
  // Blocked only now, so the blocked user's comments are visible to the viewer before that.
  await h.deliver(socialEvent({ kind: 'block', blockerId: viewer.userId, blockedId: blocked.userId, version: 1, active: true }));
}, 300_000);

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

/** SQL statements sent while answering one query (the relay's outbox SQL excluded). */
async function statementsFor(representations: unknown[], as?: Viewer) {
  h.statements.reset();
  const response = await h.request(SUBJECTS, { representations }, as);
  expect(response.errors).toBeUndefined();
  return { sql: h.statements.statements.filter((sql) => !/outbox/.test(sql)), data: response.data._entities as any[] };
}

const subjects = (count: number) => [
  ...postRefs(posts.slice(0, count).map((post) => post.postId)),
  ...commentRefs(comments.slice(0, count).map((comment) => comment.commentId)),
];

describe('batching', () => {
  it('resolves reactions and viewerReaction of 50 posts and 50 comments with the same statements as 5 of each', async () => {
    const five = await statementsFor(subjects(5), viewer);
    const fifty = await statementsFor(subjects(50), viewer);

    // Post totals, post viewer reactions, comment totals, comment viewer reactions.
    expect(five.sql).toHaveLength(4);
    expect(fifty.sql).toHaveLength(five.sql.length);
    expect(fifty.data).toHaveLength(100);
    expect(fifty.data[0]).toEqual({ id: posts[0]!.postId, reactions: [{ kind: 'LIKE', count: 1 }], viewerReaction: null });
    expect(fifty.data[9]).toEqual({ id: posts[9]!.postId, reactions: [{ kind: 'WOW', count: 1 }], viewerReaction: null });
    expect(fifty.data[50]).toEqual({ id: comments[0]!.commentId, reactions: [{ kind: 'LOVE', count: 1 }], viewerReaction: 'LOVE' });
    // Comments by the blocked user are out of the viewer's sight, with the viewer's own reaction.
    expect(fifty.data[54]).toEqual({ id: comments[4]!.commentId, reactions: [], viewerReaction: null });
    expect(fifty.data.slice(50).filter((comment) => comment.reactions.length === 0)).toHaveLength(10);
  });

  it('needs only the totals without a viewer, and shows anonymous readers public posts only', async () => {
    const five = await statementsFor(subjects(5));
    const fifty = await statementsFor(subjects(50));

    expect(five.sql).toHaveLength(2);
    expect(fifty.sql).toHaveLength(2);
    expect(fifty.data.every((subject) => subject.viewerReaction === null)).toBe(true);
    expect(fifty.data[9]).toEqual({ id: posts[9]!.postId, reactions: [], viewerReaction: null });
    expect(fifty.data[59]).toEqual({ id: comments[9]!.commentId, reactions: [], viewerReaction: null });
    expect(fifty.data[54]).toEqual({ id: comments[4]!.commentId, reactions: [{ kind: 'ANGRY', count: 1 }], viewerReaction: null });
  });
});
