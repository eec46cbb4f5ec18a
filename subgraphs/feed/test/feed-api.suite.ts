import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, type Viewer } from '@agora/service-kit';
import type { PostAccessChange, SocialChange } from '@agora/audience';
import { FeedItemAddedV1, STREAMS } from '@agora/events';
import { outboxDrained, publishedSince, streamPosition } from '@agora/testing';
import { FEED, startHarness, type FeedHarness, type HarnessOptions } from './support/feed-harness';
import {
  aUser,
  audienceChanged,
  block,
  contentRemoved,
  contentRestored,
  day,
  deleted,
  follow,
  membership,
  postEvent,
  published,
  socialEvent,
} from './support/events';

/**
 * Query.feed end to end: social's and posts' events over real NATS, the feed's consumers, the
 * read query — on one backend (the .pglite / .postgres test files run it on both).
 */
export function describeFeedApi(backend: string, options: HarnessOptions) {
  describe(`Query.feed on ${backend}`, { timeout: 120_000 }, () => {
    let h: FeedHarness;
    beforeAll(async () => {
      h = await startHarness(options);
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
    });

    const isPostChange = (change: SocialChange | PostAccessChange): change is PostAccessChange =>
      change.kind === 'access' || change.kind === 'deleted';
    /** Publishes the events of these changes, in this order, and waits until the feed handled them. */
    async function apply(...changes: (SocialChange | PostAccessChange)[]) {
      for (const change of changes) await h.publish(isPostChange(change) ? postEvent(change) : socialEvent(change));
      await h.settled();
    }
    async function feedOf(viewer: Viewer, first = 100): Promise<string[]> {
      const res = await h.request(FEED, { first }, viewer);
      expect(res.errors).toBeUndefined();
      return res.data.feed.edges.map((edge: { node: { id: string } }) => edge.node.id);
    }

    it('shows the viewer’s own posts and those of the people they follow, newest first', async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const [a1, a2, b1, c1] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await apply(
        follow(bob, alice, 1, true, 0),
        published(a1, alice, 1),
        published(b1, bob, 2),
        published(a2, alice, 3),
        published(c1, carol, 4),
      );
      expect(await feedOf(bob)).toEqual([a2, b1, a1]);
      expect(await feedOf(alice)).toEqual([a2, a1]);
      expect(await feedOf(carol)).toEqual([c1]);
    });

    it('leaves a removed post out of every feed (pages stay full); a restoration puts it back at its place; a redelivery is applied once', async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const [a1, a2, a3] = [randomUUID(), randomUUID(), randomUUID()];
      await apply(follow(bob, alice, 1, true, 0), published(a1, alice, 1), published(a2, alice, 2), published(a3, alice, 3));
      const removal = contentRemoved(a2, alice, 10);
      await h.publish(removal);
      await h.settled();
      expect(await feedOf(bob)).toEqual([a3, a1]);
      expect(await feedOf(alice)).toEqual([a3, a1]);
      // Paging walks past it: the page after a3 starts at a1.
      const first = await h.request(FEED, { first: 1 }, bob);
      expect(first.data.feed.pageInfo).toMatchObject({ hasNextPage: true });
      const next = await h.request(FEED, { first: 1, after: first.data.feed.pageInfo.endCursor }, bob);
      expect(next.data.feed.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a1]);
      expect(next.data.feed.pageInfo.hasNextPage).toBe(false);
      // A follow made while it is removed backfills it, still hidden.
      await apply(follow(carol, alice, 1, true, 11));
      expect(await feedOf(carol)).toEqual([a3, a1]);

      await h.publish(contentRestored(a2, alice, 12));
      await h.settled();
      expect(await feedOf(bob)).toEqual([a3, a2, a1]);
      expect(await feedOf(carol)).toEqual([a3, a2, a1]);
      // The old removal again under a new message id: the inbox skips it (and it is older anyway).
      const inbox = await h.app.prisma.inboxEvent.count();
      await h.publish(removal, randomUUID());
      await h.settled();
      expect(await h.app.prisma.inboxEvent.count()).toBe(inbox);
      expect(await feedOf(bob)).toEqual([a3, a2, a1]);
      // Removed again by a new decision.
      await h.publish(contentRemoved(a2, alice, 13));
      await h.settled();
      expect(await feedOf(bob)).toEqual([a3, a1]);
    });

    it('backfills a new follow with the followee’s posts of the window (30 days) before it, not older ones', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const [old, edge, recent] = [randomUUID(), randomUUID(), randomUUID()];
      await apply(published(old, alice, 59.99), published(edge, alice, 70), published(recent, alice, 95));
      expect(await feedOf(bob)).toEqual([]);
      await apply(follow(bob, alice, 1, true, 100)); // reaches back to day 70 exactly
      expect(await feedOf(bob)).toEqual([recent, edge]);
    });

    it('removes the followee’s posts on unfollow, and a re-follow backfills again from its own date', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const [p1, p2] = [randomUUID(), randomUUID()];
      await apply(follow(bob, alice, 1, true, 0), published(p1, alice, 1), published(p2, alice, 40));
      expect(await feedOf(bob)).toEqual([p2, p1]);
      await apply(follow(bob, alice, 2, false, 50));
      expect(await feedOf(bob)).toEqual([]);
      await apply(follow(bob, alice, 3, true, 60)); // reaches back to day 30: p2 only
      expect(await feedOf(bob)).toEqual([p2]);
      expect(await feedOf(alice)).toEqual([p2, p1]);
    });

    it('removes a deleted post from every timeline, also when the deletion overtook its publication', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const [p1, p2] = [randomUUID(), randomUUID()];
      await apply(follow(bob, alice, 1, true, 0), published(p1, alice, 1));
      expect(await feedOf(bob)).toEqual([p1]);
      await apply(deleted(p1, alice));
      expect(await feedOf(bob)).toEqual([]);
      expect(await feedOf(alice)).toEqual([]);
      await apply(deleted(p2, alice), published(p2, alice, 2));
      expect(await feedOf(bob)).toEqual([]);
      expect(await h.app.prisma.timelineEntry.count({ where: { postId: { in: [p1, p2] } } })).toBe(0);
    });

    it('applies the post’s current audience at read time: a visibility change hides and shows it again', async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const circle = randomUUID();
      const post = randomUUID();
      await apply(follow(bob, alice, 1, true, 0), follow(carol, alice, 1, true, 0), membership(circle, alice, carol, 1, true));
      await apply(published(post, alice, 1, 'FOLLOWERS'));
      expect(await feedOf(bob)).toEqual([post]);
      await apply(audienceChanged(post, alice, 2, 'CIRCLE', [circle]));
      expect(await feedOf(bob)).toEqual([]);
      expect(await feedOf(carol)).toEqual([post]);
      expect(await feedOf(alice)).toEqual([post]);
      // A stale state (version 2 again, redelivered under a new message id) changes nothing.
      await apply(audienceChanged(post, alice, 2, 'PUBLIC'));
      expect(await feedOf(bob)).toEqual([]);
      await apply(membership(circle, alice, carol, 2, false));
      expect(await feedOf(carol)).toEqual([]);
      await apply(audienceChanged(post, alice, 3, 'PUBLIC'));
      expect(await feedOf(bob)).toEqual([post]);
      expect(await feedOf(carol)).toEqual([post]);
    });

    it('a block hides each side’s posts from the other at read time, whichever blocked; lifting it shows them again', async () => {
      const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
      const [a1, b1] = [randomUUID(), randomUUID()];
      await apply(follow(bob, alice, 1, true, 0), follow(alice, bob, 1, true, 0), follow(carol, alice, 1, true, 0));
      await apply(published(a1, alice, 1), published(b1, bob, 2));
      expect(await feedOf(bob)).toEqual([b1, a1]);
      expect(await feedOf(alice)).toEqual([b1, a1]);
      // The block alone (before social's follow-removed events arrive): hidden both ways already.
      await apply(block(alice, bob, 1, true));
      expect(await feedOf(bob)).toEqual([b1]);
      expect(await feedOf(alice)).toEqual([a1]);
      expect(await feedOf(carol)).toEqual([a1]);
      await apply(block(alice, bob, 2, false));
      expect(await feedOf(bob)).toEqual([b1, a1]);
      // The other direction, with the follow removals social sends with a block: rows go too.
      await apply(block(bob, alice, 1, true), follow(bob, alice, 2, false, 3), follow(alice, bob, 2, false, 3));
      expect(await feedOf(bob)).toEqual([b1]);
      expect(await feedOf(alice)).toEqual([a1]);
      await apply(block(bob, alice, 2, false));
      expect(await feedOf(bob)).toEqual([b1]); // follows ended by a block are not restored
    });

    it('handles a redelivered event (same id, new message id) once', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const post = randomUUID();
      const event = postEvent(published(post, alice, 1));
      const followed = socialEvent(follow(bob, alice, 1, true, 0));
      for (const e of [followed, event]) {
        await h.publish(e);
        await h.publish(e, randomUUID());
      }
      await h.settled();
      expect(await h.app.prisma.inboxEvent.count({ where: { eventId: { in: [event.id, followed.id] } } })).toBe(2);
      expect(await feedOf(bob)).toEqual([post]);
    });

    it('pages with cursors (newest first, ties broken by id) and reports PageInfo', async () => {
      const [alice, bob] = [aUser('alice'), aUser('bob')];
      const ids = Array.from({ length: 5 }, () => randomUUID());
      // Two posts share their publication instant: the id decides.
      await apply(follow(bob, alice, 1, true, 0), ...ids.map((id, i) => published(id, alice, 1 + Math.min(i, 3))));
      const expected = [ids[4]!, ids[3]!, ...ids.slice(0, 3).reverse()];
      expected.splice(0, 2, ...[ids[3]!, ids[4]!].sort().reverse());
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const res: any = await h.request(FEED, { first: 2, after }, bob);
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo } = res.data.feed;
        seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
        expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
        pages++;
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
      expect(await feedOf(bob, 20)).toEqual(expected);
    });

    it('refuses first outside 1–100 and cursors that are not ours with BAD_USER_INPUT on the field', async () => {
      const viewer = aUser();
      for (const first of [0, -1, 101]) {
        const res = await h.request(FEED, { first }, viewer);
        expect(res.errors?.[0]?.extensions, `first: ${first}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
        expect(res.data).toBeUndefined(); // data: null — nothing half-answered
      }
      for (const after of [
        'not a cursor',
        '',
        encodeCursor(['2026-01-01T00:00:00.000Z']),
        encodeCursor(['yesterday', randomUUID()]),
        encodeCursor([new Date().toISOString(), 'not-a-uuid']),
      ]) {
        const res = await h.request(FEED, { first: 5, after }, viewer);
        expect(res.errors?.[0]?.extensions, `after: ${after}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
      expect((await h.request(FEED, { first: 100 }, viewer)).errors).toBeUndefined();
    });

    it('refuses anonymous requests with UNAUTHENTICATED', async () => {
      const res = await h.request(FEED, { first: 5 });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(res.data).toBeUndefined(); // data: null — nothing half-answered
    });

    describe('published: feed.item.added.v1 on FEED', () => {
      /** Where the stream is now; `addedSince` reads what came after. */
      const mark = () => streamPosition(h.jsm, STREAMS.FEED.name);
      /** The additions of these posts published since `from`, once the relay published everything committed. */
      async function addedSince(from: number, ...postIds: string[]) {
        await outboxDrained(h.app.prisma);
        const events = await publishedSince(h.jsm, STREAMS.FEED.name, FeedItemAddedV1, from);
        return events.filter((event) => postIds.includes(event.payload.postId));
      }
      /** The post's publication as posts publishes it: part of a longer chain, caused by its author. */
      const publicationOf = (change: PostAccessChange) => ({ ...postEvent(change), correlationId: randomUUID(), actorId: change.authorId });

      it('one per timeline a publication reaches (the author, each follower it reaches), caused by it', async () => {
        const [alice, bob, carol, dave] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('dave')];
        await apply(follow(bob, alice, 1, true, 0), follow(carol, alice, 1, true, 0), follow(dave, alice, 1, true, 0));
        await apply(follow(dave, alice, 2, false, 1));
        const from = await mark();
        const post = randomUUID();
        const publication = publicationOf(published(post, alice, 2));
        const before = Date.now();

        await h.publish(publication);
        await h.settled();

        const events = await addedSince(from, post);
        expect(events.map((event) => event.payload.ownerId).sort()).toEqual([alice.userId, bob.userId, carol.userId].sort());
        for (const event of events) {
          expect(event).toMatchObject({
            type: 'feed.item.added.v1',
            aggregateId: event.payload.ownerId,
            correlationId: publication.correlationId,
            causationId: publication.id,
            actorId: alice.userId,
            payload: { postId: post, authorId: alice.userId, publishedAt: day(2).toISOString() },
          });
          expect(Date.parse(event.payload.addedAt)).toBeGreaterThanOrEqual(before - 1_000);
        }
        expect(await feedOf(bob)).toEqual([post]);
      });

      it('nothing for a follow’s backfill, a redelivery, or a publication whose rows are there already', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const post = randomUUID();
        const publication = publicationOf(published(post, alice, 10));
        await h.publish(publication);
        await h.settled();
        const from = await mark();

        await apply(follow(bob, alice, 1, true, 11)); // backfills the post into bob's timeline
        await h.publish(publication, randomUUID()); // the same event under a new message id: the inbox skips it
        await h.settled();
        // The inbox bypassed (another consumer, a reset inbox): insert-if-absent inserts nothing, so nothing is announced.
        await h.app.prisma.inboxEvent.deleteMany({ where: { eventId: publication.id } });
        await h.publish(publication, randomUUID());
        await h.settled();

        expect(await feedOf(bob)).toEqual([post]);
        expect(await addedSince(from, post)).toEqual([]);
      });

      it('an author with many followers: one event per timeline, written with one outbox statement', async () => {
        const author = aUser('popular');
        const followers = Array.from({ length: 150 }, (_, i) => aUser(`fan${i}`));
        for (const fan of followers) await h.publish(socialEvent(follow(fan, author, 1, true, 0)));
        await h.settled();
        await outboxDrained(h.app.prisma);
        const from = await mark();
        const post = randomUUID();
        h.statements.reset();

        await h.publish(publicationOf(published(post, author, 1)));
        await h.settled();

        const events = await addedSince(from, post);
        const outboxInserts = h.statements.statements.filter((sql) => /^\s*INSERT INTO outbox/i.test(sql));
        expect(new Set(events.map((event) => event.payload.ownerId))).toEqual(new Set([author, ...followers].map((u) => u.userId)));
        expect(events).toHaveLength(followers.length + 1);
        expect(outboxInserts).toHaveLength(1);
      });
    });
  });
}
