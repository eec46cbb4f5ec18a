/**
 * No N+1 (issue #9): what a gateway query plan asks of media for a page of posts, users or items
 * costs the same number of SQL statements for 5 as for 50 of them — one per field, counted at
 * the driver adapter.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '@agora/service-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, postPublishedWith } from './support/events';
import { aUser, startHarness, testConfig, type Harness } from './support/media-harness';
import { ITEM_FIELDS, itemRefs, POST_ATTACHMENTS, postRefs, SET_AVATAR, USER_MEDIA, userRefs } from './support/operations';

let nats: NatsServer;
let h: Harness;
const viewer = aUser('viewer');
const authors = Array.from({ length: 5 }, () => aUser('author'));
const postIds = Array.from({ length: 50 }, () => randomUUID());
/** Per post: its attachment ids in order. */
const attached = new Map<string, string[]>();

const ITEMS = /* GraphQL */ `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on MediaItem { ${ITEM_FIELDS} } } }`;

beforeAll(async () => {
  nats = await startNats();
  // No outbox polling while statements are counted.
  h = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true }, relay: { pollIntervalMs: 3_600_000 } });
  await h.deliver(...authors.map((author) => follow(viewer.userId, author.userId)));
  for (const author of authors) {
    await h.request(SET_AVATAR, { input: { id: await h.upload(author) } }, author);
  }
  for (const [index, postId] of postIds.entries()) {
    const author = authors[index % authors.length]!;
    const ids = [await h.upload(author), ...(index % 3 === 0 ? [await h.upload(author, { kind: 'VIDEO' })] : [])];
    attached.set(postId, ids);
    await h.deliver(
      postPublishedWith({ postId, authorId: author.userId, visibility: index % 2 ? 'FOLLOWERS' : 'PUBLIC', attachmentIds: ids }),
    );
  }
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
  return { sql: h.statements.statements.filter((sql) => !/outbox|inbox/.test(sql)), data: response.data._entities as any[] };
}

describe('batching', () => {
  it('resolves the attachments (with URLs) of 50 posts with the same statements as 5: one', async () => {
    const five = await statementsFor(POST_ATTACHMENTS, postRefs(postIds.slice(0, 5)), viewer);
    const fifty = await statementsFor(POST_ATTACHMENTS, postRefs(postIds), viewer);

    expect(five.sql).toHaveLength(1);
    expect(fifty.sql).toHaveLength(five.sql.length);
    expect(fifty.data.map((post) => post.attachments.map((a: any) => a.id))).toEqual(postIds.map((id) => attached.get(id)));
    expect(fifty.data.flatMap((post) => post.attachments).every((a: any) => a.url && a.status === 'READY')).toBe(true);
  });

  it('resolves 50 item references with the same single statement as 5', async () => {
    const ids = postIds.map((id) => attached.get(id)![0]!);
    const five = await statementsFor(ITEMS, itemRefs(ids.slice(0, 5)), viewer);
    const fifty = await statementsFor(ITEMS, itemRefs(ids), viewer);

    expect(five.sql).toHaveLength(1);
    expect(fifty.sql).toHaveLength(1);
    expect(fifty.data.map((item) => item.id)).toEqual(ids);
  });

  it("resolves users' avatars, banners and album pages in one statement per field, however many users", async () => {
    const few = await statementsFor(USER_MEDIA, userRefs(authors.slice(0, 1).map((a) => a.userId)), viewer);
    const all = await statementsFor(USER_MEDIA, userRefs(authors.map((a) => a.userId)), viewer);

    // profile images (avatar + banner share one), albums
    expect(few.sql).toHaveLength(2);
    expect(all.sql).toHaveLength(few.sql.length);
    expect(all.data.map((user) => user.avatar?.url)).toEqual(authors.map(() => expect.any(String)));
  });
});
