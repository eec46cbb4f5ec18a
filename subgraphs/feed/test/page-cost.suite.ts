import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@agora/service-kit';
import { FEED, startHarness, type FeedHarness, type HarnessOptions } from './support/feed-harness';
import { aUser, follow, postEvent, published, socialEvent } from './support/events';

/**
 * A feed page costs the same — ONE statement — whether the viewer follows 1 author or 50, and
 * whether the page holds 5 rows or 50 (counted at the driver adapter). The read never looks at
 * the follow graph: it scans the viewer's own timeline rows.
 */
export function describePageCost(backend: string, options: HarnessOptions) {
  describe(`the cost of a feed page on ${backend}`, { timeout: 180_000 }, () => {
    let h: FeedHarness;
    const authors = Array.from({ length: 50 }, (_, i) => aUser(`author${i}`));
    const followsOne = aUser('one');
    const followsFifty = aUser('fifty');

    beforeAll(async () => {
      // No outbox polling while statements are counted; what the relay still sends (the fan-outs'
      // feed.item.added.v1) touches only `outbox` and is filtered out below.
      h = await startHarness({ ...options, relayPollMs: 3_600_000 });
      await h.publish(socialEvent(follow(followsOne, authors[0]!, 1, true, 0)));
      for (const author of authors) await h.publish(socialEvent(follow(followsFifty, author, 1, true, 0)));
      // 60 posts by the first author, 2 by each of the others: both viewers have more than 50 rows.
      for (let i = 0; i < 60; i++) await h.publish(postEvent(published(randomUUID(), authors[0]!, 1 + i / 100)));
      for (const author of authors.slice(1)) for (let i = 0; i < 2; i++) await h.publish(postEvent(published(randomUUID(), author, 2 + i)));
      await h.settled();
    }, 180_000);
    afterAll(async () => {
      await h?.stop();
    });

    async function statementsFor(viewer: Viewer, first: number) {
      h.statements.reset();
      const res = await h.request(FEED, { first }, viewer);
      expect(res.errors).toBeUndefined();
      expect(res.data.feed.edges).toHaveLength(first);
      expect(res.data.feed.pageInfo.hasNextPage).toBe(true);
      return h.statements.statements.filter((sql) => !/outbox/.test(sql));
    }

    it('1 vs 50 followed authors, 5 vs 50 rows: one statement each time', async () => {
      const costs = {
        oneAuthorFiveRows: await statementsFor(followsOne, 5),
        oneAuthorFiftyRows: await statementsFor(followsOne, 50),
        fiftyAuthorsFiveRows: await statementsFor(followsFifty, 5),
        fiftyAuthorsFiftyRows: await statementsFor(followsFifty, 50),
      };
      for (const [name, sql] of Object.entries(costs)) {
        expect(sql, name).toHaveLength(1);
        expect(sql[0], name).toMatch(/FROM timeline t\s+JOIN post_access pa/);
      }
    });

    it('a later page (after a cursor) costs the same', async () => {
      const first = await h.request(FEED, { first: 50 }, followsFifty);
      h.statements.reset();
      const next = await h.request(FEED, { first: 50, after: first.data.feed.pageInfo.endCursor }, followsFifty);
      expect(next.errors).toBeUndefined();
      expect(next.data.feed.edges).toHaveLength(50);
      expect(h.statements.statements.filter((sql) => !/outbox/.test(sql))).toHaveLength(1);
    });
  });
}
