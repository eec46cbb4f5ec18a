/**
 * Races that only real Postgres (many connections) can show: comments written while their post's
 * deletion is consumed, and replies written while their parent is deleted. The row locks of
 * `PrismaPostAccess.forCommenter` / `PrismaCommentRepository` decide the order; whatever it is,
 * nothing may be left behind and the deletion event must list every reply it removed.
 * The reply test fails when `findReplyTarget`'s `FOR SHARE` is removed. The post-deletion test is
 * a smoke test: its race window is narrow, and it did not fail in a trial run with the safeguard
 * (recording the deletion in the removing transaction) taken out.
 */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, startNats, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDeleted, postPublished } from './support/events';
import { aUser, startHarness, testConfig, type Harness } from './support/comments-harness';
import { ADD_COMMENT, DELETE_COMMENT } from './support/operations';

let nats: NatsServer;
let database: TestDatabase;
let h: Harness;

beforeAll(async () => {
  nats = await startNats();
  database = await createTestDatabase('comments_concurrency');
  h = await startHarness(testConfig({ NATS_URL: nats.url, COMMENTS_DATABASE_URL: database.url }));
});

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
  await database?.drop();
});

const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

describe('concurrency on Postgres', () => {
  it('leaves no comment on a post whose deletion is consumed while comments are being written', async () => {
    const [alice, bob] = [aUser('alice'), aUser('bob')];
    for (let round = 0; round < 3; round++) {
      const post = { postId: randomUUID(), authorId: alice.userId };
      await h.deliver(postPublished(post));

      const writes = Array.from({ length: 15 }, (_, i) => h.request(ADD_COMMENT, { input: { postId: post.postId, body: `c${i}` } }, bob));
      const [results] = await Promise.all([Promise.all(writes), h.deliver(postDeleted(post))]);

      for (const res of results) expect(res.errors === undefined || codeOf(res) === 'NOT_FOUND', JSON.stringify(res.errors)).toBe(true);
      expect(await h.app.prisma.comment.count({ where: { postId: post.postId } })).toBe(0);
    }
  });

  it('lists in the deletion event every reply that was written before the parent went', async () => {
    const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
    const post = { postId: randomUUID(), authorId: alice.userId };
    await h.deliver(postPublished(post));
    for (let round = 0; round < 3; round++) {
      const parent = (await h.request(ADD_COMMENT, { input: { postId: post.postId, body: 'parent' } }, bob)).data.addComment.id as string;

      const replies = Array.from({ length: 15 }, (_, i) =>
        h.request(ADD_COMMENT, { input: { postId: post.postId, body: `r${i}`, parentId: parent } }, carol),
      );
      const [written, deleted] = await Promise.all([Promise.all(replies), h.request(DELETE_COMMENT, { input: { id: parent } }, bob)]);

      expect(deleted.data).toEqual({ deleteComment: true });
      for (const res of written) expect(res.errors === undefined || codeOf(res) === 'NOT_FOUND', JSON.stringify(res.errors)).toBe(true);
      const accepted = written.filter((res) => res.errors === undefined).map((res) => res.data.addComment.id as string);
      const event = (await h.commentEvents()).find((e) => e.type === 'comments.comment.deleted.v1' && e.payload.commentId === parent);
      expect([...event!.payload.removedCommentIds].sort()).toEqual([parent, ...accepted].sort());
      expect(await h.app.prisma.comment.count({ where: { parentId: parent } })).toBe(0);
    }
  });
});
