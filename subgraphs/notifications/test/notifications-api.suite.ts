import { encodeCursor } from '@agora/service-kit';
import {
  ContentRemovedV1,
  ContentRestoredV1,
  createEvent,
  newEventId,
  NotificationCreatedV1,
  STREAMS,
  type EventEnvelope,
} from '@agora/events';
import { outboxDrained, publishedSince, streamPosition } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  commentDeleted,
  commentOf,
  followCreated,
  postDeleted,
  postOf,
  postPublished,
  reactionSet,
  type Person,
} from '../src/application/testing/events.mother';
import { MARK_SEEN, NOTIFICATION_ENTITIES, NOTIFICATIONS, UNSEEN, notificationRefs } from './support/operations';
import type { Harness, OpenHarness } from './support/notifications-harness';
import { blockCreated, blockRemoved, circleMemberAdded } from './support/social-events';

interface Node {
  id: string;
  kind: string;
  actor: { id: string };
  post: { id: string } | null;
  comment: { id: string } | null;
  createdAt: string;
  seen: boolean;
}
interface Page {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Notifications end to end: other contexts' events published into real NATS, consumed by the
 * running service, read back over HTTP with signed identity headers. Run by one file per backend
 * (PGlite, Postgres) so both execute the same SQL.
 */
export function describeNotificationsApi(backend: string, open: OpenHarness) {
  describe(`notifications subgraph on ${backend}`, () => {
    let h: Harness;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ harness: h, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    /** Fresh people whose registrations notifications has received. */
    async function people<N extends string[]>(...names: N): Promise<{ [K in keyof N]: Person }> {
      const created = names.map((name) => aPerson(name));
      await h.publish(...created.map((person) => accountRegistered(person)));
      return created as { [K in keyof N]: Person };
    }
    async function ok<D = any>(query: string, variables: Record<string, unknown>, person?: Person | null): Promise<D> {
      const response = await h.request<D>(query, variables, person);
      expect(response.errors).toBeUndefined();
      return response.data!;
    }
    async function failure(query: string, variables: Record<string, unknown>, person?: Person | null) {
      const response = await h.request(query, variables, person);
      expect(response.errors).toHaveLength(1);
      return { data: response.data ?? null, extensions: response.errors![0]!.extensions };
    }
    const page = async (person: Person, variables: Record<string, unknown> = {}) =>
      (await ok<{ notifications: Page }>(NOTIFICATIONS, variables, person)).notifications;
    const nodes = async (person: Person) => (await page(person, { first: 100 })).edges.map((edge) => edge.node);
    /** [kind, actor, post, comment] of each notification, newest first. */
    const summary = async (person: Person) =>
      (await nodes(person)).map((node) => [node.kind, node.actor.id, node.post?.id ?? null, node.comment?.id ?? null]);
    const unseen = async (person: Person) => (await ok<{ unseenNotificationCount: number }>(UNSEEN, {}, person)).unseenNotificationCount;
    const markSeen = (person: Person, ids?: unknown) =>
      h.request<{ markNotificationsSeen: number }>(MARK_SEEN, { input: ids === undefined ? {} : { ids } }, person);

    const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
    /** moderation.content.removed.v1 / restored.v1 about a post (or, with `commentId`, one of its comments). */
    function decision(kind: 'removed' | 'restored', subject: { postId: string; authorId: string; commentId?: string }, at: Date) {
      const payload = {
        subjectType: subject.commentId ? ('COMMENT' as const) : ('POST' as const),
        subjectId: subject.commentId ?? subject.postId,
        postId: subject.postId,
        authorId: subject.authorId,
        moderatorId: MODERATOR,
        reportId: null,
        reason: null,
      };
      const common = { aggregateId: payload.subjectId, aggregateVersion: 1, actorId: MODERATOR };
      return kind === 'removed'
        ? createEvent(ContentRemovedV1, { ...common, payload: { ...payload, removedAt: at.toISOString() } })
        : createEvent(ContentRestoredV1, { ...common, payload: { ...payload, restoredAt: at.toISOString() } });
    }

    describe('built from events', () => {
      it('FOLLOWED: the followee hears of a new follower', async () => {
        const [ann, bob] = await people('ann', 'bob');
        const follow = followCreated(bob, ann, { at: new Date('2026-03-01T10:00:00.000Z') });

        await h.publish(follow);

        expect(await nodes(ann)).toEqual([
          {
            id: expect.any(String),
            kind: 'FOLLOWED',
            actor: { id: bob.userId },
            post: null,
            comment: null,
            createdAt: '2026-03-01T10:00:00.000Z',
            seen: false,
          },
        ]);
        expect(await unseen(ann)).toBe(1);
        expect(await nodes(bob)).toEqual([]);
      });

      it('COMMENTED and REPLIED: the post author and the parent comment author hear of comments', async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const top = commentAdded(post, bob, 'first', { at: new Date('2026-03-01T12:01:00Z') });
        const reply = commentAdded(post, cat, 'second', { parent: commentOf(top, bob), at: new Date('2026-03-01T12:02:00Z') });

        await h.publish(published, top, reply);

        expect(await summary(ann)).toEqual([
          ['COMMENTED', cat.userId, post.postId, reply.payload.commentId],
          ['COMMENTED', bob.userId, post.postId, top.payload.commentId],
        ]);
        expect(await summary(bob)).toEqual([['REPLIED', cat.userId, post.postId, reply.payload.commentId]]);
        expect(await summary(cat)).toEqual([]);
      });

      it('REACTED: a first reaction notifies the subject author; changing its kind does not', async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const comment = commentAdded(post, cat, 'nice', { at: new Date('2026-03-01T12:01:00Z') });

        await h.publish(
          published,
          comment,
          reactionSet(bob, { post }, { at: new Date('2026-03-01T12:02:00Z') }),
          reactionSet(bob, { post }, { previousKind: 'LIKE', version: 2 }),
          reactionSet(bob, { post, comment: commentOf(comment, cat) }, { at: new Date('2026-03-01T12:03:00Z') }),
        );

        expect(await summary(ann)).toEqual([
          ['REACTED', bob.userId, post.postId, null],
          ['COMMENTED', cat.userId, post.postId, comment.payload.commentId],
        ]);
        expect(await summary(cat)).toEqual([['REACTED', bob.userId, post.postId, comment.payload.commentId]]);
      });

      it('MENTIONED in a post: only mentioned users who may see it (kernel rule on the published audience)', async () => {
        const [ann, follower, member, stranger] = await people('ann', 'follower', 'member', 'stranger');
        const circle = newEventId();
        await h.publish(followCreated(follower, ann), circleMemberAdded(circle, ann, member));
        const mentions = `@${follower.username} @${member.username.toUpperCase()} @${stranger.username} @${ann.username}`;
        const forFollowers = postPublished(ann, mentions, { visibility: 'FOLLOWERS' });
        const forCircle = postPublished(ann, mentions, { visibility: 'CIRCLE', circleIds: [circle] });

        await h.publish(forFollowers, forCircle);

        expect(await summary(follower)).toEqual([['MENTIONED', ann.userId, forFollowers.payload.postId, null]]);
        expect(await summary(member)).toEqual([['MENTIONED', ann.userId, forCircle.payload.postId, null]]);
        expect(await summary(stranger)).toEqual([]);
        expect(await summary(ann)).toEqual([['FOLLOWED', follower.userId, null, null]]);
      });

      it('MENTIONED in a comment: only if the mentioned user may see the post (kernel post facts)', async () => {
        const [ann, bob, follower, stranger] = await people('ann', 'bob', 'follower', 'stranger');
        await h.publish(followCreated(follower, ann), followCreated(bob, ann));
        const published = postPublished(ann, 'followers only', { visibility: 'FOLLOWERS' });
        const post = postOf(published, ann);
        const comment = commentAdded(post, bob, `cc @${follower.username} @${stranger.username}`);

        await h.publish(published, comment);

        expect(await summary(follower)).toEqual([['MENTIONED', bob.userId, post.postId, comment.payload.commentId]]);
        expect(await summary(stranger)).toEqual([]);
      });
    });

    describe('exactly once, never for oneself, never across a block', () => {
      it('a redelivered event (same event id, new NATS message) creates one notification', async () => {
        const [ann, bob] = await people('ann', 'bob');
        const published = postPublished(ann, `hi @${bob.username}`);
        const follow = followCreated(bob, ann);

        await h.publish(follow, published);
        await h.redeliver(follow);
        await h.redeliver(published);

        expect(await summary(ann)).toEqual([['FOLLOWED', bob.userId, null, null]]);
        expect(await summary(bob)).toEqual([['MENTIONED', ann.userId, published.payload.postId, null]]);
        expect(await h.app.prisma.notification.count({ where: { recipientId: { in: [ann.userId, bob.userId] } } })).toBe(2);
      });

      it('the unique (event, recipient, kind) key holds even when the inbox is bypassed', async () => {
        const [ann, bob] = await people('ann', 'bob');
        const follow = followCreated(bob, ann);
        await h.publish(follow);
        // Another consumer (or a reset inbox) handling the same event again.
        await h.app.prisma.inboxEvent.deleteMany({ where: { eventId: follow.id } });

        await h.redeliver(follow);

        expect(await summary(ann)).toEqual([['FOLLOWED', bob.userId, null, null]]);
      });

      it('own actions notify nobody', async () => {
        const [ann] = await people('ann');
        const published = postPublished(ann, `note to self @${ann.username}`);
        const post = postOf(published, ann);
        const comment = commentAdded(post, ann, `me again @${ann.username}`);

        await h.publish(published, comment, reactionSet(ann, { post }), reactionSet(ann, { post, comment: commentOf(comment, ann) }));

        expect(await nodes(ann)).toEqual([]);
      });

      it('a block stops new notifications both ways, and hides older ones while it lasts', async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        await h.publish(published, followCreated(bob, ann, { at: new Date('2026-03-01T09:00:00Z') }), followCreated(cat, ann));
        expect(await unseen(ann)).toBe(2);

        await h.publish(blockCreated(ann, bob));
        await h.publish(commentAdded(post, bob, 'blocked'), reactionSet(bob, { post }), postPublished(bob, `@${ann.username}`));

        expect(await summary(ann)).toEqual([['FOLLOWED', cat.userId, null, null]]);
        expect(await unseen(ann)).toBe(1);
        // Marking all seen leaves the hidden one alone.
        expect((await markSeen(ann)).data?.markNotificationsSeen).toBe(1);

        await h.publish(blockRemoved(ann, bob));

        expect(await summary(ann)).toEqual([
          ['FOLLOWED', cat.userId, null, null],
          ['FOLLOWED', bob.userId, null, null],
        ]);
        expect(await unseen(ann)).toBe(1);
      });
    });

    describe('out of order', () => {
      it('a mention of a username whose registration has not arrived is delivered when it arrives', async () => {
        const [ann] = await people('ann');
        const [bob, cat] = [aPerson('bob'), aPerson('cat')];
        const published = postPublished(ann, `hello @${bob.username} and @${cat.username}`);
        const post = postOf(published, ann);
        const comment = commentAdded(post, ann, `again @${bob.username}`, { at: new Date('2026-03-01T12:05:00Z') });

        await h.publish(published, comment);
        expect(await h.app.prisma.pendingMention.count({ where: { postId: post.postId } })).toBe(3);

        // bob registered before the post (his event was late); cat only after it.
        await h.publish(accountRegistered(bob, new Date('2026-02-01T00:00:00Z')), accountRegistered(cat, new Date('2026-03-02T00:00:00Z')));

        expect(await summary(bob)).toEqual([
          ['MENTIONED', ann.userId, post.postId, comment.payload.commentId],
          ['MENTIONED', ann.userId, post.postId, null],
        ]);
        expect(await summary(cat)).toEqual([]);
        expect(await h.app.prisma.pendingMention.count({ where: { postId: post.postId } })).toBe(0);
      });

      it("a comment's mention waits for the post's publication when it overtook it", async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const comment = commentAdded(post, bob, `@${cat.username}`);

        await h.publish(comment);
        expect(await summary(cat)).toEqual([]);
        expect(await summary(ann)).toEqual([['COMMENTED', bob.userId, post.postId, comment.payload.commentId]]);

        await h.publish(published);

        expect(await summary(cat)).toEqual([['MENTIONED', bob.userId, post.postId, comment.payload.commentId]]);
      });

      it('a deleted post takes its notifications with it, and later events about it create none', async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, `@${cat.username}`);
        const post = postOf(published, ann);
        const other = postPublished(ann, 'stays');
        await h.publish(
          published,
          other,
          commentAdded(post, bob, 'hi'),
          reactionSet(bob, { post }),
          reactionSet(bob, { post: postOf(other, ann) }),
        );
        expect(await summary(ann)).toHaveLength(3);

        await h.publish(postDeleted(post));
        await h.publish(commentAdded(post, cat, 'late'), reactionSet(cat, { post }));

        expect(await summary(ann)).toEqual([['REACTED', bob.userId, other.payload.postId, null]]);
        expect(await summary(cat)).toEqual([]);
      });

      it('a removed post or comment hides its notifications (list, count, mark all seen, entities) and creates none; a restoration brings them back', async () => {
        const [ann, bob, cat] = await people('ann', 'bob', 'cat');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const top = commentAdded(post, bob, 'top', { at: new Date('2026-03-01T12:01:00Z') });
        const other = postPublished(ann, 'stays');
        await h.publish(
          published,
          other,
          top,
          reactionSet(cat, { post, comment: commentOf(top, bob) }),
          reactionSet(cat, { post: postOf(other, ann) }),
        );
        const annBefore = await nodes(ann);
        const bobBefore = await nodes(bob);
        expect(annBefore).toHaveLength(2);
        expect(bobBefore).toHaveLength(1);

        const removal = decision('removed', { postId: post.postId, authorId: ann.userId }, new Date('2026-03-01T13:00:00Z'));
        await h.publish(removal);
        await h.redeliver(removal);
        expect(await h.app.prisma.inboxEvent.count({ where: { eventId: removal.id } })).toBe(1);
        expect(await summary(ann)).toEqual([['REACTED', cat.userId, other.payload.postId, null]]);
        expect(await summary(bob)).toEqual([]);
        expect([await unseen(ann), await unseen(bob)]).toEqual([1, 0]);
        const hidden = annBefore.find((node) => node.post?.id === post.postId)!;
        expect(
          (await ok<{ _entities: unknown[] }>(NOTIFICATION_ENTITIES, { representations: notificationRefs([hidden.id]) }, ann))._entities,
        ).toEqual([null]);
        expect((await markSeen(bob)).data?.markNotificationsSeen).toBe(0);
        // Nothing new about it while removed (no notification, so nothing announced or mailed).
        await h.publish(commentAdded(post, cat, 'late'), reactionSet(bob, { post }));
        expect(await h.app.prisma.notification.count({ where: { postId: post.postId } })).toBe(2);

        await h.publish(decision('restored', { postId: post.postId, authorId: ann.userId }, new Date('2026-03-01T14:00:00Z')));
        expect(await nodes(ann)).toEqual(annBefore);
        expect(await nodes(bob)).toEqual(bobBefore);

        // Only the comment removed now (a new event): bob's reaction notification about it goes; ann's COMMENTED too.
        await h.publish(
          decision(
            'removed',
            { postId: post.postId, authorId: bob.userId, commentId: top.payload.commentId },
            new Date('2026-03-01T15:00:00Z'),
          ),
        );
        expect(await summary(bob)).toEqual([]);
        expect(await summary(ann)).toEqual([['REACTED', cat.userId, other.payload.postId, null]]);
      });

      it('deleted comments take the notifications about them (replies included)', async () => {
        const [ann, bob, cat, dan] = await people('ann', 'bob', 'cat', 'dan');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const top = commentAdded(post, bob, 'top', { at: new Date('2026-03-01T12:01:00Z') });
        const reply = commentAdded(post, cat, `reply @${dan.username}`, {
          parent: commentOf(top, bob),
          at: new Date('2026-03-01T12:02:00Z'),
        });
        const keep = commentAdded(post, dan, 'keep', { at: new Date('2026-03-01T12:03:00Z') });
        await h.publish(published, top, reply, keep, reactionSet(ann, { post, comment: commentOf(top, bob) }));
        expect(await summary(bob)).toHaveLength(2);

        await h.publish(commentDeleted(post, commentOf(top, bob), [top.payload.commentId, reply.payload.commentId]));

        expect(await summary(ann)).toEqual([['COMMENTED', dan.userId, post.postId, keep.payload.commentId]]);
        expect(await summary(bob)).toEqual([]);
        expect(await summary(dan)).toEqual([]);
      });
    });

    describe('reading and marking seen', () => {
      async function withFollowers(count: number) {
        const [ann] = await people('ann');
        const followers = Array.from({ length: count }, () => aPerson('fan'));
        // Two per second, some sharing an instant: ties are broken by id.
        await h.publish(
          ...followers.map((fan, i) => followCreated(fan, ann, { at: new Date(Date.UTC(2026, 2, 1, 12, 0, Math.floor(i / 2))) })),
        );
        return { ann, followers };
      }

      it('pages newest first with keyset cursors', async () => {
        const { ann, followers } = await withFollowers(5);
        const first = await page(ann, { first: 2 });
        const second = await page(ann, { first: 2, after: first.pageInfo.endCursor });
        const third = await page(ann, { first: 2, after: second.pageInfo.endCursor });

        const all = [...first.edges, ...second.edges, ...third.edges].map((edge) => edge.node);
        expect(all.map((node) => node.createdAt)).toEqual([...all.map((node) => node.createdAt)].sort().reverse());
        expect(new Set(all.map((node) => node.actor.id))).toEqual(new Set(followers.map((fan) => fan.userId)));
        expect(all[0]!.createdAt).toBe('2026-03-01T12:00:02.000Z');
        expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor });
        expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
        expect(third.pageInfo).toMatchObject({ hasNextPage: false, endCursor: third.edges[0]!.cursor });
        expect(third.edges).toHaveLength(1);
        expect((await page(ann)).edges).toHaveLength(5);
      });

      it('refuses bad page arguments with BAD_USER_INPUT on the field', async () => {
        const [ann] = await people('ann');
        for (const [variables, field] of [
          [{ first: 0 }, 'first'],
          [{ first: 101 }, 'first'],
          [{ first: -1 }, 'first'],
          [{ after: 'not-a-cursor!' }, 'after'],
          [{ after: encodeCursor(['2026-03-01T12:00:00.000Z']) }, 'after'],
          [{ after: encodeCursor(['yesterday', newEventId()]) }, 'after'],
        ] as const) {
          const { data, extensions } = await failure(NOTIFICATIONS, variables, ann);
          expect(data).toBeNull();
          expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        }
        expect((await page(ann, { first: 100 })).edges).toEqual([]);
      });

      it('marks the given ids seen, counting those that changed; ids of others are ignored', async () => {
        const { ann } = await withFollowers(3);
        const [bob] = await people('bob');
        await h.publish(followCreated(ann, bob));
        const ids = (await nodes(ann)).map((node) => node.id);
        const bobs = (await nodes(bob))[0]!.id;

        expect((await markSeen(ann, [ids[0], bobs, newEventId()])).data?.markNotificationsSeen).toBe(1);
        expect((await markSeen(ann, [ids[0], ids[1]])).data?.markNotificationsSeen).toBe(1);
        expect((await nodes(ann)).map((node) => node.seen)).toEqual([true, true, false]);
        expect(await unseen(ann)).toBe(1);
        expect(await unseen(bob)).toBe(1);
        expect((await markSeen(ann, [])).data?.markNotificationsSeen).toBe(0);
      });

      it('marks all when ids are omitted', async () => {
        const { ann } = await withFollowers(4);

        expect((await markSeen(ann)).data?.markNotificationsSeen).toBe(4);
        expect(await unseen(ann)).toBe(0);
        expect((await markSeen(ann)).data?.markNotificationsSeen).toBe(0);
      });

      it('refuses malformed ids and more than 100, changing nothing', async () => {
        const { ann } = await withFollowers(2);
        const ids = (await nodes(ann)).map((node) => node.id);

        for (const bad of [[ids[0], 'nope'], Array.from({ length: 101 }, () => ids[0])]) {
          const { data, extensions } = await failure(MARK_SEEN, { input: { ids: bad } }, ann);
          expect(data).toBeNull();
          expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTIFICATIONS.INVALID_IDS', field: 'ids' });
        }
        expect(await unseen(ann)).toBe(2);
      });

      it('answers UNAUTHENTICATED without a viewer', async () => {
        for (const [query, variables] of [
          [NOTIFICATIONS, {}],
          [UNSEEN, {}],
          [MARK_SEEN, { input: {} }],
        ] as const) {
          const { extensions } = await failure(query, variables, null);
          expect(extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
      });

      it('resolves a Notification entity for its recipient only', async () => {
        const { ann } = await withFollowers(2);
        const [bob] = await people('bob');
        const ids = (await nodes(ann)).map((node) => node.id);
        const representations = notificationRefs([...ids, 'not-an-id', newEventId()]);

        const mine = await ok<{ _entities: (Node | null)[] }>(NOTIFICATION_ENTITIES, { representations }, ann);
        expect(mine._entities.map((node) => node?.id ?? null)).toEqual([...ids, null, null]);
        expect(mine._entities[0]).toMatchObject({ kind: 'FOLLOWED', seen: false, post: null, comment: null });
        expect((await ok<{ _entities: unknown[] }>(NOTIFICATION_ENTITIES, { representations }, bob))._entities).toEqual([
          null,
          null,
          null,
          null,
        ]);
        expect((await ok<{ _entities: unknown[] }>(NOTIFICATION_ENTITIES, { representations }, null))._entities).toEqual([
          null,
          null,
          null,
          null,
        ]);
      });
    });

    describe('published: notifications.notification.created.v1 on NOTIFICATIONS', () => {
      /** Another context's event, part of a longer chain (its own correlation) and caused by `actor`. */
      const inChain = <E extends EventEnvelope<any>>(event: E, actor: Person): E => ({
        ...event,
        correlationId: newEventId(),
        actorId: actor.userId,
      });
      /** Where the stream is now; `announcedTo` reads what came after. */
      const mark = () => streamPosition(h.jsm, STREAMS.NOTIFICATIONS.name);
      /** The announcements for these recipients published since `from`, once the relay published everything committed. */
      async function announcedTo(from: number, ...recipients: Person[]) {
        await outboxDrained(h.app.prisma);
        const ids = new Set(recipients.map((person) => person.userId));
        const events = await publishedSince(h.jsm, STREAMS.NOTIFICATIONS.name, NotificationCreatedV1, from);
        return events.filter((event) => ids.has(event.payload.recipientId));
      }

      it('each notification stored arrives on the stream, caused by the event that created it', async () => {
        const [ann, bob] = await people('ann', 'bob');
        const from = await mark();
        const follow = inChain(followCreated(bob, ann, { at: new Date('2026-03-01T10:00:00.000Z') }), bob);

        await h.publish(follow);

        const [stored] = await nodes(ann);
        const events = await announcedTo(from, ann, bob);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          type: 'notifications.notification.created.v1',
          aggregateId: stored!.id,
          aggregateVersion: 1,
          correlationId: follow.correlationId,
          causationId: follow.id,
          actorId: bob.userId,
          payload: {
            notificationId: stored!.id,
            recipientId: ann.userId,
            kind: 'FOLLOWED',
            actorId: bob.userId,
            postId: null,
            commentId: null,
            createdAt: '2026-03-01T10:00:00.000Z',
          },
        });
      });

      it('one per notification of a comment (COMMENTED, REPLIED, MENTIONED), the ids of the stored ones', async () => {
        const [ann, bob, cat, dan] = await people('ann', 'bob', 'cat', 'dan');
        const published = postPublished(ann, 'hello');
        const post = postOf(published, ann);
        const top = commentAdded(post, cat, 'first');
        await h.publish(published, top);
        const from = await mark();
        const reply = inChain(commentAdded(post, bob, `@${dan.username}`, { parent: commentOf(top, cat) }), bob);

        await h.publish(reply);

        const stored = [...(await nodes(ann)), ...(await nodes(cat)), ...(await nodes(dan))].filter((n) => n.actor.id === bob.userId);
        const events = await announcedTo(from, ann, bob, cat, dan);
        expect(events.map((event) => [event.payload.recipientId, event.payload.kind]).sort()).toEqual(
          [
            [ann.userId, 'COMMENTED'],
            [cat.userId, 'REPLIED'],
            [dan.userId, 'MENTIONED'],
          ].sort(),
        );
        expect(events.map((event) => event.payload.notificationId).sort()).toEqual(stored.map((n) => n.id).sort());
        for (const event of events) expect(event).toMatchObject({ causationId: reply.id, correlationId: reply.correlationId });
      });

      it('a redelivery, a bypassed inbox, a block or one’s own action publish nothing', async () => {
        const [ann, bob] = await people('ann', 'bob');
        const from = await mark();
        const follow = followCreated(bob, ann);
        await h.publish(follow);
        await h.redeliver(follow);
        await h.app.prisma.inboxEvent.deleteMany({ where: { eventId: follow.id } });
        await h.redeliver(follow);
        const published = postPublished(ann, `me @${ann.username}`);
        await h.publish(published, commentAdded(postOf(published, ann), ann, 'me again'), blockCreated(ann, bob));
        await h.publish(reactionSet(bob, { post: postOf(published, ann) }));

        const events = await announcedTo(from, ann, bob);
        expect(events.map((event) => [event.payload.recipientId, event.payload.kind, event.causationId])).toEqual([
          [ann.userId, 'FOLLOWED', follow.id],
        ]);
      });

      it('a mention delivered late is published when the registration arrives, caused by the registration', async () => {
        const [ann] = await people('ann');
        const bob = aPerson('bob');
        const published = postPublished(ann, `hello @${bob.username}`);
        await h.publish(published);
        const from = await mark();
        expect(await announcedTo(from, bob)).toEqual([]);

        const registration = inChain(accountRegistered(bob), bob);
        await h.publish(registration);

        const events = await announcedTo(from, bob);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          correlationId: registration.correlationId,
          causationId: registration.id,
          actorId: bob.userId,
          payload: { recipientId: bob.userId, kind: 'MENTIONED', actorId: ann.userId, postId: published.payload.postId, commentId: null },
        });
      });
    });
  });
}
