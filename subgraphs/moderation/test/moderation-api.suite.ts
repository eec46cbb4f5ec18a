import {
  AccountSuspendedV1,
  AccountUnsuspendedV1,
  ContentRemovedV1,
  ContentRestoredV1,
  ReportResolvedV1,
  type EventContract,
  type EventEnvelope,
} from '@agora/events';
import type { Viewer } from '@agora/service-kit';
import type { TestClock } from '@agora/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, type Harness } from './support/moderation-harness';
import {
  block,
  commentAdded,
  commentDeleted,
  follow,
  postDeleted,
  postPublished,
  roleChanged,
  type TestComment,
  type TestPost,
} from './support/events';
import {
  REPORT_CONTENT,
  REPORT_ENTITIES,
  REPORTS,
  RESOLVE_REPORT,
  RESTORE_CONTENT,
  SUSPEND_USER,
  UNSUSPEND_USER,
  USER_REPORTS,
  USER_SUSPENSION,
  reportRefs,
  userRefs,
} from './support/operations';

export type OpenBackend = () => Promise<{ harness: Harness; clock: TestClock; close(): Promise<void> }>;

const DAY = 24 * 60 * 60 * 1000;
const CONTRACTS: Record<string, EventContract<any, any>> = {
  [ContentRemovedV1.type]: ContentRemovedV1,
  [ContentRestoredV1.type]: ContentRestoredV1,
  [AccountSuspendedV1.type]: AccountSuspendedV1,
  [AccountUnsuspendedV1.type]: AccountUnsuspendedV1,
  [ReportResolvedV1.type]: ReportResolvedV1,
};

/**
 * The moderation API end to end on one backend: GraphQL in (signed identity headers with the
 * viewer's role), SQL against the real database, the replicas fed by posts', comments', social's
 * and identity's events over real NATS, and moderation's own events out through the outbox.
 */
export function describeModerationApi(backend: string, open: OpenBackend) {
  describe(`moderation API on ${backend}`, () => {
    let h: Harness;
    let clock: TestClock;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ harness: h, clock, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    const moderator = aUser('mod', 'MODERATOR');
    const admin = aUser('admin', 'ADMIN');
    const errorOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;

    async function published(author: Viewer, options: Omit<TestPost, 'postId' | 'authorId'> = {}): Promise<TestPost> {
      const post = { postId: randomUUID(), authorId: author.userId, ...options };
      await h.deliver(postPublished(post));
      return post;
    }
    async function commented(author: Viewer, post: TestPost): Promise<TestComment> {
      const comment = { commentId: randomUUID(), postId: post.postId, postAuthorId: post.authorId, authorId: author.userId };
      await h.deliver(commentAdded(comment));
      return comment;
    }
    async function report(viewer: Viewer, input: Record<string, unknown>) {
      clock.advance();
      const res = await h.request(REPORT_CONTENT, { input: { reason: 'SPAM', ...input } }, viewer);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data.reportContent as {
        id: string;
        reporter: { id: string };
        subjectId: string;
        post: { id: string } | null;
        comment: { id: string } | null;
        reason: string;
        note: string | null;
        status: string;
        createdAt: string;
        resolvedAt: string | null;
      };
    }
    async function resolve(viewer: Viewer, input: Record<string, unknown>) {
      clock.advance();
      return h.request(RESOLVE_REPORT, { input }, viewer);
    }
    /** The MODERATION events published since `before` (event ids), each parsed by its contract. */
    async function eventsAfter(before: Set<string>): Promise<EventEnvelope<any>[]> {
      const events = (await h.moderationEvents()).filter((event) => !before.has(event.id));
      for (const event of events) expect(() => CONTRACTS[event.type]!.schema.parse(event.payload), event.type).not.toThrow();
      return events;
    }
    const eventIds = async () => new Set((await h.moderationEvents()).map((event) => event.id));
    const suspendedUntil = async (userId: string, viewer: Viewer | null) =>
      (await h.request(USER_SUSPENSION, { representations: userRefs([userId]) }, viewer)).data._entities[0].suspendedUntil as string | null;

    describe('reportContent', () => {
      it('files a report of a visible post once per reporter: a second report answers the first, no second row', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const post = await published(alice);
        const first = await report(bob, { subjectId: post.postId.toUpperCase(), reason: 'HARASSMENT', note: '  mean  ' });
        expect(first).toMatchObject({
          reporter: { id: bob.userId },
          subjectId: post.postId,
          post: { id: post.postId },
          comment: null,
          reason: 'HARASSMENT',
          note: 'mean',
          status: 'OPEN',
          resolvedAt: null,
        });
        const again = await report(bob, { subjectId: post.postId, reason: 'SPAM', note: 'other' });
        expect(again).toEqual(first);
        expect(await h.app.prisma.report.count({ where: { subjectId: post.postId } })).toBe(1);
        // A report is no event: nothing is published until a moderator decides.
        expect(await h.app.prisma.outboxEvent.count({ where: { aggregateId: first.id } })).toBe(0);
      });

      it('files a report of a comment: comment is the comment, post the post it is under', async () => {
        const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
        const post = await published(alice);
        const comment = await commented(bob, post);
        const filed = await report(carol, { subjectId: comment.commentId });
        expect(filed).toMatchObject({ subjectId: comment.commentId, post: { id: post.postId }, comment: { id: comment.commentId } });
        expect(await h.app.prisma.report.findUnique({ where: { id: filed.id } })).toMatchObject({
          subjectType: 'COMMENT',
          subjectAuthorId: bob.userId,
        });
      });

      it('answers NOT_FOUND for what the reporter cannot see, OWN_CONTENT for their own, and refuses bad notes, writing nothing', async () => {
        const [alice, bob, carol, dave] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('dave')];
        const followersOnly = await published(alice, { visibility: 'FOLLOWERS' });
        const publicPost = await published(alice);
        const deleted = await published(alice);
        await h.deliver(postDeleted({ postId: deleted.postId, authorId: alice.userId }));
        const daves = await published(dave);
        await h.deliver(block(dave.userId, bob.userId));
        const onHidden = await commented(carol, followersOnly);
        const byDave = await commented(dave, publicPost);
        const gone = await commented(carol, publicPost);
        await h.deliver(commentDeleted(gone));
        const before = await h.app.prisma.report.count();

        const attempt = (viewer: Viewer | null, input: Record<string, unknown>) =>
          h.request(REPORT_CONTENT, { input: { reason: 'SPAM', ...input } }, viewer).then(errorOf);
        const notFound = { code: 'NOT_FOUND', reason: 'MODERATION.NOT_FOUND', field: 'subjectId' };
        expect(await attempt(bob, { subjectId: randomUUID() })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: followersOnly.postId })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: onHidden.commentId })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: deleted.postId })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: daves.postId })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: byDave.commentId })).toMatchObject(notFound);
        expect(await attempt(bob, { subjectId: gone.commentId })).toMatchObject(notFound);
        expect(await attempt(alice, { subjectId: publicPost.postId })).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'MODERATION.OWN_CONTENT',
        });
        expect(await attempt(bob, { subjectId: publicPost.postId, note: 'x'.repeat(501) })).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'MODERATION.TEXT_TOO_LONG',
          field: 'note',
        });
        expect(await attempt(bob, { subjectId: publicPost.postId, note: 'evil\u202Etxt' })).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'note',
        });
        expect(await attempt(bob, { subjectId: 'not-an-id' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
        expect(await attempt(null, { subjectId: publicPost.postId })).toMatchObject({ code: 'UNAUTHENTICATED' });
        expect(await h.app.prisma.report.count()).toBe(before);

        // A follower sees the FOLLOWERS post, and may report it; exactly 500 characters are accepted.
        await h.deliver(follow(bob.userId, alice.userId));
        expect((await report(bob, { subjectId: followersOnly.postId, note: '😀'.repeat(500) })).status).toBe('OPEN');
      });
    });

    describe('reading reports', () => {
      it('lists reports newest first for moderators only, by status, with keyset pages', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const posts = [await published(alice), await published(alice), await published(alice)];
        const filed = [];
        for (const post of posts) filed.push(await report(bob, { subjectId: post.postId }));

        const page1 = await h.request(REPORTS, { first: 2 }, moderator);
        expect(page1.errors).toBeUndefined();
        const newest = filed.map((r) => r.id).reverse();
        const listed = (res: typeof page1) => res.data.reports.edges.map((edge: { node: { id: string } }) => edge.node.id);
        expect(listed(page1)).toEqual(newest.slice(0, 2));
        expect(page1.data.reports.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
        const page2 = await h.request(REPORTS, { first: 2, after: page1.data.reports.pageInfo.endCursor }, admin);
        expect(listed(page2)[0]).toBe(newest[2]);

        expect(errorOf(await h.request(REPORTS, {}, bob))).toMatchObject({ code: 'FORBIDDEN', reason: 'AUTH.ROLE_REQUIRED' });
        expect(errorOf(await h.request(REPORTS, {}, null))).toMatchObject({ code: 'UNAUTHENTICATED' });
        expect(errorOf(await h.request(REPORTS, { first: 101 }, moderator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
        expect(errorOf(await h.request(REPORTS, { after: 'bogus' }, moderator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

        const dismissed = await h.request(REPORTS, { status: 'DISMISSED', first: 100 }, moderator);
        expect(listed(dismissed)).not.toContain(filed[0]!.id);
      });

      it('resolves Report references in one statement, only for the reporter and moderators', async () => {
        const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
        const bobs = [
          await report(bob, { subjectId: (await published(alice)).postId }),
          await report(bob, { subjectId: (await published(alice)).postId }),
        ];
        const carols = await report(carol, { subjectId: (await published(alice)).postId });
        const ids = [...bobs.map((r) => r.id), carols.id, randomUUID()];

        h.statements.reset();
        const asModerator = await h.request(REPORT_ENTITIES, { representations: reportRefs(ids) }, moderator);
        expect(h.statements.statements.filter((sql) => !/outbox/.test(sql))).toHaveLength(1);
        expect(asModerator.data._entities.map((r: { id: string } | null) => r?.id ?? null)).toEqual([...ids.slice(0, 3), null]);
        const asBob = await h.request(REPORT_ENTITIES, { representations: reportRefs(ids) }, bob);
        expect(asBob.data._entities.map((r: { id: string } | null) => r?.id ?? null)).toEqual([bobs[0]!.id, bobs[1]!.id, null, null]);
        const anonymous = await h.request(REPORT_ENTITIES, { representations: reportRefs(ids) }, null);
        expect(anonymous.data._entities).toEqual([null, null, null, null]);
      });

      it("lists the reports about a user's content (User.moderationReports), batched, for moderators", async () => {
        const [alice, dave, bob] = [aUser('alice'), aUser('dave'), aUser('bob')];
        const aboutAlice = await report(bob, { subjectId: (await published(alice)).postId });
        const aboutDave = await report(bob, { subjectId: (await commented(dave, await published(alice))).commentId });

        h.statements.reset();
        const res = await h.request(USER_REPORTS, { representations: userRefs([alice.userId, dave.userId]), first: 10 }, moderator);
        expect(res.errors).toBeUndefined();
        expect(h.statements.statements.filter((sql) => !/outbox/.test(sql))).toHaveLength(1);
        expect(res.data._entities.map((user: any) => user.moderationReports.edges.map((edge: any) => edge.node.id))).toEqual([
          [aboutAlice.id],
          [aboutDave.id],
        ]);
        expect(errorOf(await h.request(USER_REPORTS, { representations: userRefs([alice.userId]) }, bob))).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'AUTH.ROLE_REQUIRED',
        });
      });
    });

    describe('resolveReport', () => {
      it('DISMISS: DISMISSED with report.resolved.v1 and an audit row; a second decision is ALREADY_RESOLVED', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const filed = await report(bob, { subjectId: (await published(alice)).postId });
        const before = await eventIds();

        expect(errorOf(await resolve(bob, { reportId: filed.id, action: 'DISMISS' }))).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'AUTH.ROLE_REQUIRED',
        });
        const res = await resolve(moderator, { reportId: filed.id, action: 'DISMISS', note: 'fine' });
        expect(res.errors).toBeUndefined();
        expect(res.data.resolveReport).toMatchObject({ id: filed.id, status: 'DISMISSED', resolvedAt: clock.now().toISOString() });
        const events = await eventsAfter(before);
        expect(events.map((e) => [e.type, e.aggregateId, e.actorId])).toEqual([
          ['moderation.report.resolved.v1', filed.id, moderator.userId],
        ]);
        expect(events[0]!.payload).toEqual({
          reportId: filed.id,
          subjectType: 'POST',
          subjectId: filed.subjectId,
          action: 'DISMISS',
          moderatorId: moderator.userId,
          note: 'fine',
          resolvedAt: clock.now().toISOString(),
        });
        expect(await h.app.prisma.moderationDecision.findMany({ where: { reportId: filed.id } })).toMatchObject([
          { moderatorId: moderator.userId, action: 'DISMISS', subjectType: 'POST', subjectId: filed.subjectId, reason: 'fine' },
        ]);

        expect(errorOf(await resolve(moderator, { reportId: filed.id, action: 'REMOVE_CONTENT' }))).toMatchObject({
          code: 'CONFLICT',
          reason: 'MODERATION.ALREADY_RESOLVED',
        });
        expect(errorOf(await resolve(moderator, { reportId: randomUUID(), action: 'DISMISS' }))).toMatchObject({
          code: 'NOT_FOUND',
          reason: 'MODERATION.NOT_FOUND',
        });
        expect(await eventsAfter(before)).toHaveLength(1);
      });

      it('REMOVE_CONTENT: removes once, resolves every open report on the subject; the subject can be restored once', async () => {
        const [alice, bob, carol, erin] = [aUser('alice'), aUser('bob'), aUser('carol'), aUser('erin')];
        const post = await published(alice);
        const comment = await commented(alice, post);
        const [byBob, byCarol] = [
          await report(bob, { subjectId: comment.commentId }),
          await report(carol, { subjectId: comment.commentId }),
        ];
        const before = await eventIds();

        const res = await resolve(moderator, { reportId: byBob.id, action: 'REMOVE_CONTENT', note: 'abuse' });
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        expect(res.data.resolveReport.status).toBe('RESOLVED');
        const removedAt = clock.now().toISOString();
        const events = await eventsAfter(before);
        expect(events.map((e) => e.type)).toEqual([
          'moderation.content.removed.v1',
          'moderation.report.resolved.v1',
          'moderation.report.resolved.v1',
        ]);
        expect(events[0]).toMatchObject({
          aggregateId: comment.commentId,
          actorId: moderator.userId,
          payload: {
            subjectType: 'COMMENT',
            subjectId: comment.commentId,
            postId: post.postId,
            authorId: alice.userId,
            moderatorId: moderator.userId,
            reportId: byBob.id,
            reason: 'abuse',
            removedAt,
          },
        });
        expect(events.slice(1).map((e) => e.payload.reportId)).toEqual([byBob.id, byCarol.id]);
        const stored = await h.app.prisma.report.findMany({ where: { subjectId: comment.commentId }, orderBy: { createdAt: 'asc' } });
        expect(stored.map((r) => [r.status, r.action])).toEqual([
          ['RESOLVED', 'REMOVE_CONTENT'],
          ['RESOLVED', 'REMOVE_CONTENT'],
        ]);
        expect(errorOf(await resolve(moderator, { reportId: byCarol.id, action: 'DISMISS' }))).toMatchObject({
          reason: 'MODERATION.ALREADY_RESOLVED',
        });
        // Removed content cannot be reported any more.
        expect(errorOf(await h.request(REPORT_CONTENT, { input: { subjectId: comment.commentId, reason: 'SPAM' } }, erin))).toMatchObject({
          reason: 'MODERATION.NOT_FOUND',
        });

        const restoreBefore = await eventIds();
        expect(errorOf(await h.request(RESTORE_CONTENT, { input: { subjectId: comment.commentId } }, bob))).toMatchObject({
          reason: 'AUTH.ROLE_REQUIRED',
        });
        clock.advance();
        const restored = await h.request(RESTORE_CONTENT, { input: { subjectId: comment.commentId, note: 'on appeal' } }, moderator);
        expect(restored.data).toEqual({ restoreContent: true });
        const restoredEvents = await eventsAfter(restoreBefore);
        expect(restoredEvents.map((e) => e.type)).toEqual(['moderation.content.restored.v1']);
        expect(restoredEvents[0]!.payload).toEqual({
          subjectType: 'COMMENT',
          subjectId: comment.commentId,
          postId: post.postId,
          authorId: alice.userId,
          moderatorId: moderator.userId,
          reportId: null,
          reason: 'on appeal',
          restoredAt: clock.now().toISOString(),
        });
        expect(errorOf(await h.request(RESTORE_CONTENT, { input: { subjectId: comment.commentId } }, moderator))).toMatchObject({
          code: 'NOT_FOUND',
          reason: 'MODERATION.NOT_REMOVED',
        });
        expect(errorOf(await h.request(RESTORE_CONTENT, { input: { subjectId: post.postId } }, moderator))).toMatchObject({
          reason: 'MODERATION.NOT_REMOVED',
        });
        // Restored: reportable again.
        expect((await report(erin, { subjectId: comment.commentId })).status).toBe('OPEN');
      });

      it('SUSPEND_AUTHOR: suspends the author for suspendDays with account.suspended.v1; suspendedUntil for self and moderators only', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const filed = await report(bob, { subjectId: (await published(alice)).postId });
        const before = await eventIds();
        const res = await resolve(moderator, { reportId: filed.id, action: 'SUSPEND_AUTHOR', suspendDays: 7 });
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        const until = new Date(clock.now().getTime() + 7 * DAY).toISOString();
        const events = await eventsAfter(before);
        expect(events.map((e) => e.type)).toEqual(['moderation.account.suspended.v1', 'moderation.report.resolved.v1']);
        expect(events[0]!.payload).toEqual({
          userId: alice.userId,
          moderatorId: moderator.userId,
          reportId: filed.id,
          reason: 'Reported for SPAM',
          suspendedAt: clock.now().toISOString(),
          until,
        });
        expect(await suspendedUntil(alice.userId, alice)).toBe(until);
        expect(await suspendedUntil(alice.userId, moderator)).toBe(until);
        expect(await suspendedUntil(alice.userId, bob)).toBeNull();
        expect(await suspendedUntil(alice.userId, null)).toBeNull();
        clock.advance(7 * DAY);
        expect(await suspendedUntil(alice.userId, alice)).toBeNull();
      });
    });

    describe('suspensions', () => {
      it('suspends indefinitely (9999-12-31) and lifts it; unsuspending again changes nothing', async () => {
        const alice = aUser('alice');
        const before = await eventIds();
        clock.advance();
        const res = await h.request(SUSPEND_USER, { input: { userId: alice.userId, reason: ' spam bot ' } }, moderator);
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        expect(res.data.suspendUser).toEqual({ id: alice.userId, suspendedUntil: '9999-12-31T23:59:59.000Z' });
        const lifted = await h.request(UNSUSPEND_USER, { input: { userId: alice.userId } }, moderator);
        expect(lifted.data.unsuspendUser).toEqual({ id: alice.userId, suspendedUntil: null });
        await h.request(UNSUSPEND_USER, { input: { userId: alice.userId } }, moderator);
        const events = await eventsAfter(before);
        expect(events.map((e) => e.type)).toEqual(['moderation.account.suspended.v1', 'moderation.account.unsuspended.v1']);
        expect(events[0]!.payload).toMatchObject({ userId: alice.userId, reason: 'spam bot', until: null, reportId: null });
        expect(events[1]!.payload).toEqual({
          userId: alice.userId,
          moderatorId: moderator.userId,
          unsuspendedAt: clock.now().toISOString(),
        });
        expect(
          (await h.app.prisma.moderationDecision.findMany({ where: { subjectId: alice.userId } })).map((d) => d.action).sort(),
        ).toEqual(['SUSPEND', 'UNSUSPEND']);
      });

      it('refuses to suspend yourself, and a moderator or admin unless an admin does it (roles from identity events)', async () => {
        const [otherModerator, otherAdmin, bob] = [aUser('mod2', 'MODERATOR'), aUser('admin2', 'ADMIN'), aUser('bob')];
        await h.deliver(roleChanged(otherModerator.userId, 'MODERATOR'), roleChanged(otherAdmin.userId, 'ADMIN'));
        const suspend = (viewer: Viewer, input: Record<string, unknown>) =>
          h.request(SUSPEND_USER, { input: { reason: 'r', ...input } }, viewer);
        const cannot = { code: 'FORBIDDEN', reason: 'MODERATION.CANNOT_SUSPEND', field: 'userId' };
        expect(errorOf(await suspend(moderator, { userId: moderator.userId }))).toMatchObject(cannot);
        expect(errorOf(await suspend(admin, { userId: admin.userId }))).toMatchObject(cannot);
        expect(errorOf(await suspend(moderator, { userId: otherModerator.userId }))).toMatchObject(cannot);
        expect(errorOf(await suspend(moderator, { userId: otherAdmin.userId }))).toMatchObject(cannot);
        expect(errorOf(await suspend(bob, { userId: otherModerator.userId }))).toMatchObject({ reason: 'AUTH.ROLE_REQUIRED' });
        expect(errorOf(await suspend(moderator, { userId: bob.userId, days: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
        expect(errorOf(await suspend(moderator, { userId: bob.userId, reason: '   ' }))).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'reason',
        });
        expect(
          await h.app.prisma.suspension.count({ where: { userId: { in: [otherModerator.userId, otherAdmin.userId, bob.userId] } } }),
        ).toBe(0);

        expect((await suspend(admin, { userId: otherModerator.userId, days: 1 })).errors).toBeUndefined();
        // Demoted (a newer role change): a moderator may now suspend them; an older change arriving late changes nothing.
        await h.deliver(roleChanged(otherAdmin.userId, 'MEMBER', new Date(Date.now() + 1000), 'ADMIN'));
        await h.deliver(roleChanged(otherAdmin.userId, 'ADMIN', new Date(Date.now() - 60_000)));
        expect((await suspend(moderator, { userId: otherAdmin.userId })).errors).toBeUndefined();
      });
    });

    describe('consumers apply each event once', () => {
      it('comment added / deleted, role changed and the audience facts: a redelivery changes nothing', async () => {
        const [alice, bob] = [aUser('alice'), aUser('bob')];
        const post = { postId: randomUUID(), authorId: alice.userId };
        const published = postPublished(post);
        await h.deliver(published);
        await h.redeliver(published, 'RecordPostAccessOnPostPublished', 'POSTS');
        expect(await h.app.prisma.postAccess.count({ where: { postId: post.postId } })).toBe(1);

        const comment = { commentId: randomUUID(), postId: post.postId, postAuthorId: alice.userId, authorId: bob.userId };
        const added = commentAdded(comment);
        await h.deliver(added);
        await h.redeliver(added, 'RecordCommentOnCommentAdded', 'COMMENTS');
        expect(await h.app.prisma.commentFact.findUnique({ where: { commentId: comment.commentId } })).toEqual({
          commentId: comment.commentId,
          postId: post.postId,
          authorId: bob.userId,
          deleted: false,
        });
        const reply = randomUUID();
        const deleted = commentDeleted(comment, [comment.commentId, reply]);
        await h.deliver(deleted);
        await h.redeliver(deleted, 'RecordCommentDeletionOnCommentDeleted', 'COMMENTS');
        // The addition redelivered after the deletion does not revive the comment.
        await h.redeliver(added, 'RecordCommentOnCommentAdded', 'COMMENTS');
        expect(await h.app.prisma.commentFact.findMany({ where: { postId: post.postId }, orderBy: { commentId: 'asc' } })).toEqual(
          [
            { commentId: comment.commentId, postId: post.postId, authorId: bob.userId, deleted: true },
            { commentId: reply, postId: post.postId, authorId: null, deleted: true },
          ].sort((a, b) => a.commentId.localeCompare(b.commentId)),
        );

        const promoted = roleChanged(bob.userId, 'MODERATOR');
        await h.deliver(promoted);
        await h.redeliver(promoted, 'RecordRoleOnAccountRoleChanged', 'IDENTITY');
        expect(await h.app.prisma.accountRole.findMany({ where: { accountId: bob.userId } })).toMatchObject([{ role: 'MODERATOR' }]);
        expect(await h.app.prisma.inboxEvent.count({ where: { eventId: { in: [published.id, added.id, deleted.id, promoted.id] } } })).toBe(
          4,
        );
      });
    });
  });
}
