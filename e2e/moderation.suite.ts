/**
 * Issue #12 ("Moderation and admin") end to end through the real gateway over HTTP, every context
 * its own process as `npm start` runs them, real NATS:
 *
 *   the bootstrap admin (AGORA_BOOTSTRAP_ADMIN_EMAIL) makes M a moderator; A posts (mentioning C),
 *   B follows A and comments, C reports the post; M sees the report with the post's body; a member
 *   may neither list nor resolve reports; REMOVE_CONTENT takes the post out of B's feed, out of
 *   `post(id)` for B and C, takes its comment and its notifications with it, and leaves it in A's
 *   own view marked removed; restoring brings back exactly what was there; suspending A refuses
 *   A's still-valid access token within 5 seconds, and `login` answers IDENTITY.SUSPENDED;
 *   unsuspending lets A sign in again.
 *
 * Read models are built from events, so every read after a write waits for its condition (never a
 * sleep); a negative check ("B does not see it") follows a positive one that proved the same
 * consumer caught up, or is itself the awaited condition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@agora/devstack';
import { gql, startNats, tempDir, waitFor, type GraphQLResponse, type NatsServer, type TempDir } from '@agora/testing';
import { errorCodes, login, newPerson, operationsAt, register, startTestPlatform, waitForProfile, type Session } from './support';

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };
/** The bound: a suspended account's access tokens stop working within 5 seconds. */
const REVOCATION_BOUND_MS = 5_000;

const SESSION_FIELDS = 'accessToken refreshToken user { id username }';
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${SESSION_FIELDS} } }`;

const reasonsOf = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.reason as string | undefined);

export function defineModerationSuite(
  label: string,
  databaseEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>,
): void {
  describe(`moderation and admin through the gateway (${label})`, () => {
    let platform: Platform;
    let nats: NatsServer;
    let data: TempDir;
    let cleanupDatabases: () => Promise<void> = async () => {};
    let url: string;
    const adminPerson = newPerson('admin');
    const people = { m: newPerson('mod'), a: newPerson('author'), b: newPerson('bob'), c: newPerson('carol') };
    let admin: Session;
    let m: Session;
    let a: Session;
    let b: Session;
    let c: Session;
    let postId: string;
    let commentId: string;
    let reportId: string;
    const marker = `moderation-marker-${Date.now().toString(36)}`;

    const { as, raw } = operationsAt(() => url);

    /** A fresh access token for `who` (the role is read at refresh). */
    const refreshed = async (who: Session): Promise<Session> => {
      const res = await gql(url, REFRESH, { input: { refreshToken: who.refreshToken } });
      if (res.errors) throw new Error(`refresh failed: ${JSON.stringify(res.errors)}`);
      const p = res.data.refreshSession;
      return { userId: p.user.id, username: p.user.username, accessToken: p.accessToken, refreshToken: p.refreshToken };
    };
    const postFor = async (who: Session | null) =>
      (await as(who, `query($id: ID!) { post(id: $id) { id body removedAt commentCount } }`, { id: postId })).post as {
        id: string;
        body: string;
        removedAt: string | null;
        commentCount: number;
      } | null;
    const feedIds = async (who: Session) =>
      (await as(who, `{ feed(first: 50) { edges { node { id } } } }`)).feed.edges.map((e: any) => e.node.id as string);
    const notificationPostIds = async (who: Session) =>
      (await as(who, `{ notifications(first: 50) { edges { node { kind post { id } } } } }`)).notifications.edges.map(
        (e: any) => `${e.node.kind}:${e.node.post?.id ?? '-'}`,
      );

    beforeAll(async () => {
      data = await tempDir('agora-e2e-moderation-');
      nats = await startNats();
      const db = await databaseEnv();
      cleanupDatabases = db.cleanup;
      platform = await startTestPlatform({
        dataDir: data.path,
        natsUrl: nats.url,
        env: { ...db.env, AGORA_BOOTSTRAP_ADMIN_EMAIL: adminPerson.email },
      });
      url = platform.gatewayUrl;
      [admin, m, a, b, c] = await Promise.all([
        register(url, adminPerson),
        register(url, people.m),
        register(url, people.a),
        register(url, people.b),
        register(url, people.c),
      ]);
      await Promise.all([a, b, c].map((s) => waitForProfile(url, s.username, WAIT.timeoutMs)));
    });

    afterAll(async () => {
      await platform?.stop();
      await nats?.stop();
      await cleanupDatabases();
      await data?.remove();
    });

    it('makes the bootstrap email an admin, who makes M a moderator; M’s new role comes with a refresh', async () => {
      // The role is in the access token: it may need one refresh after the bootstrap's event.
      admin = await waitFor(
        async () => {
          const fresh = await refreshed(admin);
          const me = await as(fresh, '{ me { role } }');
          return me.me.role === 'ADMIN' ? fresh : undefined;
        },
        { ...WAIT, message: 'the bootstrap account never became ADMIN' },
      );
      const set = await as(admin, `mutation($id: ID!) { setRole(input: { userId: $id, role: MODERATOR }) { id role } }`, { id: m.userId });
      expect(set.setRole).toEqual({ id: m.userId, role: 'MODERATOR' });
      m = await refreshed(m);
      expect((await as(m, '{ me { role } }')).me.role).toBe('MODERATOR');
      // Others do not see a role; a member may not set one.
      expect((await as(b, `query($u: String!) { user(username: $u) { role } }`, { u: m.username })).user.role).toBeNull();
      const denied = await raw(b, `mutation($id: ID!) { setRole(input: { userId: $id, role: ADMIN }) { id } }`, { id: b.userId });
      expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    });

    it('C reports A’s post; M sees the report with the post’s body; a member may not list or resolve reports', async () => {
      await as(b, `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`, { id: a.userId });
      postId = (
        await as(a, `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`, {
          input: { body: `${marker} hello @${c.username}` },
        })
      ).createPost.id;
      commentId = (
        await waitFor(
          async () => {
            const res = await raw(b, `mutation($input: AddCommentInput!) { addComment(input: $input) { id } }`, {
              input: { postId, body: 'a comment under it' },
            });
            return res.errors ? undefined : res.data.addComment;
          },
          { ...WAIT, message: 'B could never comment on the post' },
        )
      ).id;
      await waitFor(async () => (await feedIds(b)).includes(postId) || undefined, { ...WAIT, message: 'the post never reached B’s feed' });
      await waitFor(async () => (await notificationPostIds(c)).includes(`MENTIONED:${postId}`) || undefined, {
        ...WAIT,
        message: 'C was never notified of the mention',
      });
      await waitFor(async () => (await notificationPostIds(a)).includes(`COMMENTED:${postId}`) || undefined, {
        ...WAIT,
        message: 'A was never notified of B’s comment',
      });

      const filed = await waitFor(
        async () => {
          const res = await raw(
            c,
            `mutation($id: ID!) { reportContent(input: { subjectId: $id, reason: SPAM, note: "spam" }) { id status } }`,
            {
              id: postId,
            },
          );
          return res.errors ? undefined : res.data.reportContent;
        },
        { ...WAIT, message: 'C could never report the post (moderation never learnt of it)' },
      );
      expect(filed.status).toBe('OPEN');
      reportId = filed.id;
      // Once per reporter and subject: the same report again.
      const again = await as(c, `mutation($id: ID!) { reportContent(input: { subjectId: $id, reason: SPAM }) { id } }`, { id: postId });
      expect(again.reportContent.id).toBe(reportId);

      const reports = await as(m, `{ reports(first: 20) { edges { node { id reason status reporter { username } post { id body } } } } }`);
      const mine = reports.reports.edges.map((e: any) => e.node).find((n: any) => n.id === reportId);
      expect(mine).toEqual({
        id: reportId,
        reason: 'SPAM',
        status: 'OPEN',
        reporter: { username: c.username },
        post: { id: postId, body: `${marker} hello @${c.username}` },
      });

      const list = await raw(c, '{ reports { edges { node { id } } } }');
      expect(errorCodes(list)).toEqual(['FORBIDDEN']);
      expect(list.data?.reports ?? null).toBeNull();
      const resolve = await raw(c, `mutation($id: ID!) { resolveReport(input: { reportId: $id, action: DISMISS }) { id } }`, {
        id: reportId,
      });
      expect(errorCodes(resolve)).toEqual(['FORBIDDEN']);
    });

    it('REMOVE_CONTENT: the post leaves B’s feed, post(id) is null for B and C, its comment and notifications are gone; A sees it marked', async () => {
      const resolved = await as(
        m,
        `mutation($id: ID!) { resolveReport(input: { reportId: $id, action: REMOVE_CONTENT, note: "spam" }) { id status resolvedAt } }`,
        {
          id: reportId,
        },
      );
      expect(resolved.resolveReport).toMatchObject({ id: reportId, status: 'RESOLVED' });
      expect(resolved.resolveReport.resolvedAt).toEqual(expect.any(String));

      await waitFor(async () => !(await feedIds(b)).includes(postId) || undefined, { ...WAIT, message: 'the post stayed in B’s feed' });
      await waitFor(async () => (await postFor(b)) === null || undefined, { ...WAIT, message: 'B still sees the post' });
      expect(await postFor(c)).toBeNull();
      expect(await postFor(null)).toBeNull();
      await waitFor(
        async () => (await as(c, `query($id: ID!) { comment(id: $id) { id } }`, { id: commentId })).comment === null || undefined,
        { ...WAIT, message: 'the comment under the removed post stayed visible' },
      );
      await waitFor(async () => !(await notificationPostIds(c)).includes(`MENTIONED:${postId}`) || undefined, {
        ...WAIT,
        message: 'C’s mention notification stayed',
      });
      await waitFor(async () => !(await notificationPostIds(a)).includes(`COMMENTED:${postId}`) || undefined, {
        ...WAIT,
        message: 'A’s comment notification stayed',
      });
      const own = await postFor(a);
      expect(own?.id).toBe(postId);
      expect(own?.removedAt).toEqual(expect.any(String));
      // A moderator still sees what was removed, marked.
      expect((await postFor(m))?.removedAt).toEqual(expect.any(String));
      // Nobody can comment on or react to it any more.
      const comment = await raw(b, `mutation($input: AddCommentInput!) { addComment(input: $input) { id } }`, {
        input: { postId, body: 'again' },
      });
      expect(errorCodes(comment)).toEqual(['NOT_FOUND']);
    });

    it('restoring brings back exactly what B and C saw', async () => {
      expect(
        await as(m, `mutation($id: ID!) { restoreContent(input: { subjectId: $id, note: "appeal accepted" }) }`, { id: postId }),
      ).toEqual({
        restoreContent: true,
      });
      await waitFor(async () => (await feedIds(b)).includes(postId) || undefined, {
        ...WAIT,
        message: 'the post never came back to B’s feed',
      });
      await waitFor(async () => (await postFor(b))?.commentCount === 1 || undefined, {
        ...WAIT,
        message: 'B never saw the post with its comment again',
      });
      expect(await postFor(c)).toEqual({ id: postId, body: `${marker} hello @${c.username}`, removedAt: null, commentCount: 1 });
      await waitFor(async () => (await notificationPostIds(c)).includes(`MENTIONED:${postId}`) || undefined, {
        ...WAIT,
        message: 'C’s mention notification never came back',
      });
      await waitFor(
        async () => (await as(c, `query($id: ID!) { comment(id: $id) { id } }`, { id: commentId })).comment?.id === commentId || undefined,
        { ...WAIT, message: 'the comment never came back' },
      );
    });

    it('suspending A refuses A’s still-valid access token within 5 s, and login answers IDENTITY.SUSPENDED; M sees the suspension', async () => {
      expect((await as(a, '{ me { id } }')).me.id).toBe(a.userId);
      const suspended = await as(
        m,
        `mutation($id: ID!) { suspendUser(input: { userId: $id, reason: "spam", days: 3 }) { id suspendedUntil } }`,
        {
          id: a.userId,
        },
      );
      const at = Date.now();
      expect(suspended.suspendUser.id).toBe(a.userId);
      expect(Date.parse(suspended.suspendUser.suspendedUntil)).toBeGreaterThan(Date.now() + 2 * 86_400_000);

      const refusedAfterMs = await waitFor(
        async () => {
          const res = await raw(a, '{ me { id } }');
          return errorCodes(res).includes('UNAUTHENTICATED') ? Date.now() - at : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 50, message: 'A’s access token was never refused' },
      );
      expect(refusedAfterMs).toBeLessThan(REVOCATION_BOUND_MS);

      await waitFor(
        async () => {
          const res = await login(url, people.a.username, people.a.password);
          return reasonsOf(res).includes('IDENTITY.SUSPENDED') ? res : undefined;
        },
        { ...WAIT, message: 'login never answered IDENTITY.SUSPENDED' },
      );
      // A wrong password does not reveal the suspension: it is the usual refusal.
      const wrongPassword = await login(url, people.a.username, 'not the password at all');
      expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
      expect(reasonsOf(wrongPassword)).not.toContain('IDENTITY.SUSPENDED');
      const refresh = await gql(url, REFRESH, { input: { refreshToken: a.refreshToken } });
      expect(refresh.data?.refreshSession ?? null).toBeNull();

      const view = await as(
        m,
        `query($u: String!) { user(username: $u) { role suspendedUntil moderationReports(status: RESOLVED) { edges { node { id } } } } }`,
        {
          u: a.username,
        },
      );
      expect(view.user.role).toBe('MEMBER');
      expect(view.user.suspendedUntil).toBe(suspended.suspendUser.suspendedUntil);
      expect(view.user.moderationReports.edges.map((e: any) => e.node.id)).toEqual([reportId]);
      // Another member sees neither.
      const other = await as(b, `query($u: String!) { user(username: $u) { role suspendedUntil } }`, { u: a.username });
      expect(other.user).toEqual({ role: null, suspendedUntil: null });
    });

    it('unsuspending lets A sign in again', async () => {
      await as(m, `mutation($id: ID!) { unsuspendUser(input: { userId: $id }) { id suspendedUntil } }`, { id: a.userId });
      const back = await waitFor(
        async () => {
          const res = await login(url, people.a.username, people.a.password);
          return res.errors ? undefined : res.data.login;
        },
        { ...WAIT, message: 'A could never sign in again' },
      );
      const signedInAt = Date.now();
      const fresh: Session = {
        userId: back.user.id,
        username: back.user.username,
        accessToken: back.accessToken,
        refreshToken: back.refreshToken,
      };
      // Identity and the gateway learn of the unsuspension independently: the new token works as
      // soon as the gateway's revocation list has it too (milliseconds; the same 5 s bound).
      const acceptedAfterMs = await waitFor(
        async () => {
          const res = await raw(fresh, '{ me { id } }');
          if (res.errors) throw new Error(JSON.stringify(res.errors));
          return res.data?.me?.id === a.userId ? Date.now() - signedInAt : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 50, message: 'A’s new access token was never accepted' },
      );
      expect(acceptedAfterMs).toBeLessThan(REVOCATION_BOUND_MS);
    });
  });
}
