import { shuffled } from '@agora/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircleCreatedV1, PostCommentsToggledV1, PostEditedV1, createEvent, type EventEnvelope } from '@agora/events';
import { SocialReplica, audienceOf, canView, nextPostAccess, type PostAccessState } from '@agora/audience';
import { BackfillWindow, TimelineFacts, compareRows } from '../src/domain/timeline/timeline-rule';
import { hashReplica, hashTimeline, rebuildReadModel } from '../src/infrastructure/read-model';
import { FEED, startHarness, type FeedHarness, type HarnessOptions } from './support/feed-harness';
import {
  T0,
  aUser,
  audienceChanged,
  block,
  contentRemoved,
  contentRestored,
  deleted,
  envelopeOf,
  follow,
  membership,
  published,
  type Change,
} from './support/events';

/**
 * The read model is a pure function of the events: the live model (built by the consumers from
 * events arriving shuffled, some twice) equals the rule over the final facts, and a rebuild from
 * the JetStream streams into a fresh database gives the very same tables (sha256 of ordered dumps).
 */
export function describeRebuild(backend: string, options: HarnessOptions) {
  describe(`rebuilding the feed from the streams on ${backend}`, { timeout: 180_000 }, () => {
    let h: FeedHarness;
    beforeAll(async () => {
      h = await startHarness(options);
    }, 120_000);
    afterAll(async () => {
      await h?.stop();
    });

    const [alice, bob, carol, dave, erin, frank, grace] = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'].map((name) =>
      aUser(name),
    ) as [
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
      ReturnType<typeof aUser>,
    ];
    const [circle1, circle2, bobsCircle] = [randomUUID(), randomUUID(), randomUUID()];
    const post = Object.fromEntries(
      ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'old', 'b1', 'b2', 'b3', 'c1', 'd1', 'g1'].map((k) => [k, randomUUID()]),
    ) as Record<string, string>;

    const changes: Change[] = [
      // follows, an unfollow and a re-follow (whose window starts later), a late follow
      { social: follow(bob, alice, 1, true, 0) },
      { social: follow(bob, alice, 2, false, 20) },
      { social: follow(bob, alice, 3, true, 40) },
      { social: follow(carol, alice, 1, true, 5) },
      { social: follow(alice, bob, 1, true, 2) },
      { social: follow(alice, carol, 1, true, 0) },
      { social: follow(carol, bob, 1, true, 0) },
      { social: follow(frank, bob, 1, true, 3) },
      { social: follow(grace, bob, 1, true, 50) },
      // erin's unfollow is published before her follow (shuffling aside)
      { social: follow(erin, alice, 2, false, 11) },
      { social: follow(erin, alice, 1, true, 10) },
      // alice blocks dave: social removes his follow and his membership with their own events
      { social: follow(dave, alice, 1, true, 1) },
      { social: membership(circle1, alice, dave, 1, true) },
      { social: block(alice, dave, 1, true) },
      { social: follow(dave, alice, 2, false, 30) },
      { social: membership(circle1, alice, dave, 2, false) },
      // grace blocks bob, then lifts it (her follow of bob came later)
      { social: block(grace, bob, 1, true) },
      { social: block(grace, bob, 2, false) },
      // circles: members added and removed, a deleted circle (a late add is ignored)
      { social: membership(circle1, alice, carol, 1, true) },
      { social: membership(circle1, alice, bob, 1, true) },
      { social: membership(circle1, alice, bob, 2, false) },
      { social: { kind: 'circle-deleted', circleId: circle2, ownerId: alice.userId } },
      { social: membership(circle2, alice, frank, 1, true) },
      { social: membership(bobsCircle, bob, frank, 1, true) },
      // posts of every visibility
      { post: published(post.old!, alice, -40) },
      { post: published(post.a1!, alice, 1) },
      { post: published(post.a2!, alice, 6, 'FOLLOWERS') },
      { post: published(post.a3!, alice, 12, 'CIRCLE', [circle1]) },
      { post: published(post.a4!, alice, 15, 'CIRCLE', [circle2]) },
      { post: published(post.a5!, alice, 25) },
      { post: audienceChanged(post.a5!, alice, 2, 'FOLLOWERS') },
      { post: audienceChanged(post.a5!, alice, 3, 'CIRCLE', [circle1]) },
      { post: published(post.a6!, alice, 35) },
      { post: deleted(post.a6!, alice) },
      { post: audienceChanged(post.a7!, alice, 2, 'FOLLOWERS') }, // before its publication
      { post: published(post.a7!, alice, 45) },
      { post: deleted(post.a8!, alice) }, // before its publication
      { post: published(post.a8!, alice, 46) },
      { post: published(post.b1!, bob, 4) },
      { post: published(post.b2!, bob, 16, 'FOLLOWERS') },
      { post: published(post.b3!, bob, 48, 'CIRCLE', [bobsCircle]) },
      { post: published(post.c1!, carol, 7) },
      { post: published(post.d1!, dave, 8) },
      { post: published(post.g1!, grace, 49) },
    ];

    /**
     * Moderation's decisions (MODERATION): a1 removed for good, b1 removed then restored, a2 restored
     * then removed again (published in an order the shuffle decides: the newest decision wins), a
     * comment of c1 removed (nothing for the feed). A rebuild must keep a1 and a2 out.
     */
    const decisions: EventEnvelope<any>[] = [
      contentRemoved(post.a1!, alice, 60),
      contentRemoved(post.b1!, bob, 60),
      contentRestored(post.b1!, bob, 61),
      contentRestored(post.a2!, alice, 62),
      contentRemoved(post.a2!, alice, 63),
      contentRemoved(post.c1!, carol, 60, randomUUID()),
    ];
    const removed = new Set([post.a1!, post.a2!]);

    /** Events the feed does not consume, in the same streams (the rebuild skips them too). */
    const unconsumed: EventEnvelope<any>[] = [
      createEvent(PostEditedV1, {
        aggregateId: post.a1!,
        aggregateVersion: 2,
        payload: { postId: post.a1!, authorId: alice.userId, body: 'edited', version: 2, editedAt: T0.toISOString() },
      }),
      createEvent(CircleCreatedV1, {
        aggregateId: circle1,
        aggregateVersion: 1,
        payload: { circleId: circle1, ownerId: alice.userId, name: 'Close friends', version: 1, at: T0.toISOString() },
      }),
    ];
    const commentsOff = createEvent(PostCommentsToggledV1, {
      aggregateId: post.b1!,
      aggregateVersion: 2,
      payload: {
        postId: post.b1!,
        authorId: bob.userId,
        visibility: 'PUBLIC',
        circleIds: [],
        commentsDisabled: true,
        version: 2,
        changedAt: T0.toISOString(),
      },
    });

    const window = BackfillWindow.ofDays(30);
    let published_: number;

    it('the live model, fed out of order with redeliveries, is the rule over the final facts, and each feed applies visibility', async () => {
      const envelopes = [...changes.map(envelopeOf), commentsOff, ...decisions];
      const redelivered = shuffled(envelopes, 7).slice(0, 10);
      published_ = 0;
      for (const envelope of shuffled([...envelopes, ...unconsumed], 42)) {
        await h.publish(envelope);
        published_++;
      }
      for (const envelope of redelivered) {
        await h.publish(envelope, randomUUID()); // same event, new message id: JetStream delivers it again
        published_++;
      }
      await h.settled();
      expect(await h.app.prisma.inboxEvent.count()).toBe(envelopes.length);

      // The oracle: the domain rule over the facts, folded in the order written above.
      const facts = new TimelineFacts(window);
      const social = new SocialReplica();
      const posts = new Map<string, PostAccessState>();
      for (const change of changes) {
        if ('social' in change) {
          facts.applySocial(change.social);
          social.apply(change.social);
        } else {
          facts.applyPost(change.post);
          posts.set(change.post.postId, nextPostAccess(posts.get(change.post.postId), change.post));
        }
      }
      const expected = facts.rows();
      const live = await h.app.prisma.timelineEntry.findMany();
      expect(live.sort(compareRows)).toEqual(expected);

      // Spot checks of the rule, spelled out.
      const names = new Map(Object.entries(post).map(([name, id]) => [id, name]));
      const rowsOf = (owner: { userId: string }) => expected.filter((r) => r.ownerId === owner.userId).map((r) => names.get(r.postId));
      expect(rowsOf(bob)).toEqual(['b3', 'a7', 'a5', 'b2', 'a4', 'a3', 'b1']); // re-follow at day 40 reaches day 10
      expect(rowsOf(erin)).toEqual([]);
      expect(rowsOf(dave)).toEqual(['d1']);
      expect(rowsOf(grace)).toEqual(['g1', 'b3']); // follow at day 50 reaches day 20
      expect(rowsOf(alice)).toEqual(['b3', 'a7', 'a5', 'b2', 'a4', 'a3', 'c1', 'a2', 'b1', 'a1', 'old']);

      // Each user's feed: their rows the kernel's rule lets them see, newest first.
      for (const user of [alice, bob, carol, dave, erin, frank, grace]) {
        const visible = expected
          .filter((row) => row.ownerId === user.userId)
          .filter((row) => {
            const audience = audienceOf(posts.get(row.postId));
            return audience !== null && canView(audience, { userId: user.userId }, social) && !removed.has(row.postId);
          })
          .map((row) => row.postId);
        const res = await h.request(FEED, { first: 100 }, user);
        expect(res.errors).toBeUndefined();
        expect(
          res.data.feed.edges.map((e: { node: { id: string } }) => e.node.id),
          `feed of ${user.username}`,
        ).toEqual(visible);
      }
    });

    it('a rebuild from JetStream into a fresh database gives the same sha256, of the timeline and of the replica', async () => {
      const liveTimeline = await hashTimeline(h.app.prisma);
      const liveReplica = await hashReplica(h.app.prisma);
      const spare = await h.spareDatabase();
      const report = await rebuildReadModel(spare.prisma, h.nc, { window });
      expect(report.messages).toEqual({ SOCIAL: expect.any(Number), POSTS: expect.any(Number), MODERATION: expect.any(Number) });
      expect(report.messages.SOCIAL! + report.messages.POSTS! + report.messages.MODERATION!).toBeGreaterThanOrEqual(published_);
      expect(report.skipped).toBeGreaterThanOrEqual(unconsumed.length);
      expect(report.rows).toBe(await h.app.prisma.timelineEntry.count());
      expect(report.rows).toBeGreaterThan(20);
      expect(await hashTimeline(spare.prisma)).toBe(liveTimeline);
      expect(await hashReplica(spare.prisma)).toBe(liveReplica);
      // The removals came back with the rebuild (they are in the replica's hash too).
      const moderated = await spare.prisma.moderatedPost.findMany({ where: { removed: true } });
      expect(new Set(moderated.map((m) => m.postId))).toEqual(removed);
      // Nothing durable was created for the replay: the only durables are the feed's live consumers.
      const durables: string[] = [];
      for (const stream of ['SOCIAL', 'POSTS', 'MODERATION']) {
        for await (const info of h.jsm.consumers.list(stream)) if (info.config.durable_name) durables.push(info.config.durable_name);
      }
      expect(durables.sort()).toEqual([...h.app.consumers.names].sort());
    });

    it('rebuilding in place (the command) leaves the live model unchanged', async () => {
      const before = await hashTimeline(h.app.prisma);
      const replica = await hashReplica(h.app.prisma);
      await rebuildReadModel(h.app.prisma, h.nc, { window });
      expect(await hashTimeline(h.app.prisma)).toBe(before);
      expect(await hashReplica(h.app.prisma)).toBe(replica);
    });

    it('a different backfill window gives a different model (the hash sees the rule)', async () => {
      const spare = await h.spareDatabase();
      await rebuildReadModel(spare.prisma, h.nc, { window: BackfillWindow.ofDays(0) });
      expect(await hashTimeline(spare.prisma)).not.toBe(await hashTimeline(h.app.prisma));
      expect(await hashReplica(spare.prisma)).toBe(await hashReplica(h.app.prisma));
    });
  });
}
