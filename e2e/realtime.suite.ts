/**
 * Issue #10's tests, end to end through the real platform as `npm start` runs it (every context
 * its own process, real NATS, the real gateway) with the clients browsers use: the graphql-ws
 * client (graphql-transport-ws at ws://<gateway>/graphql) and the graphql-sse client in
 * distinct-connections mode (POST /graphql/stream), plus a raw SSE reader for the `id:` lines.
 *
 * Five people: alice follows bob; carol is a stranger to bob; dave and erin cause events.
 *
 * Subscriptions are live-only until they resume, so each case first *primes* its subscriptions:
 * it repeats a harmless action (a mention, a reaction, an own post) until every new subscription
 * has received something, which proves the gateway registered them; only then is the event under
 * test caused. A negative check ("nobody else got it") is proved by a later event reaching the
 * same subscription: deliveries follow the stream's order, so an earlier wrong one would have
 * come first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@agora/devstack';
import { startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import {
  ADD_COMMENT,
  BLOCK,
  CREATE_POST,
  FEED_ITEM_ADDED,
  FOLLOW,
  NOTIFICATION_ADDED,
  POST_ACTIVITY,
  REACT,
  UPDATE_PROFILE,
  codesOf,
  describeEnd,
  sseConnect,
  sseRaw,
  wsConnect,
  type Recording,
} from './realtime-support';
import { newPerson, operationsAt, register, startTestPlatform, waitForProfile, type Session } from './support';

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };
/** The issue asks for "within a second"; CI noise on two cores must not flake the suite, so it fails only past this. */
const LATENCY_LIMIT_MS = 5_000;

interface Note {
  id: string;
  kind: string;
  actor: { id: string; username: string; displayName: string };
  post: { id: string; body: string } | null;
  comment: { id: string; body: string } | null;
}
interface Activity {
  kind: string;
  post: { id: string; body: string; reactions: { kind: string; count: number }[] };
  comment: { id: string; body: string; author: { username: string } } | null;
}

export function defineRealtimeSuite(
  label: string,
  databaseEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>,
): void {
  describe(`realtime through the gateway (${label})`, () => {
    let platform: Platform;
    let nats: NatsServer;
    let data: TempDir;
    let cleanupDatabases: () => Promise<void> = async () => {};
    let url: string;
    let alice: Session;
    let bob: Session;
    let carol: Session;
    let dave: Session;
    let erin: Session;
    const aliceDisplayName = `Alice Realtime ${Date.now().toString(36)}`;
    /** bob's posts: a PUBLIC one made before anyone follows him, and a FOLLOWERS one. */
    let bobSeedPostId: string;
    let bobFollowersPostId: string;
    /** bob's PUBLIC post made while alice's feed listens (case 2), followed in case 3 and 7. */
    let bobPublicPostId: string;
    const disposers: (() => unknown)[] = [];

    const { as } = operationsAt(() => url);
    const createPost = async (who: Session, body: string, visibility = 'PUBLIC'): Promise<string> =>
      (await as(who, CREATE_POST, { input: { body, visibility } })).createPost.id as string;
    const ws = (who: Session, name: string) => {
      const connection = wsConnect(url, who, name);
      disposers.push(() => connection.dispose());
      return connection;
    };
    const sse = (who: Session, name: string) => {
      const connection = sseConnect(url, who, name);
      disposers.push(() => connection.dispose());
      return connection;
    };
    /** A raw SSE stream, dropped at the end if the case did not. */
    const track = <R extends { drop(): void }>(stream: R): R => {
      disposers.push(() => stream.drop());
      return stream;
    };

    /**
     * Repeats `act` (attempt 1, 2, …) until every recording has received at least one delivery
     * since priming began: proof that the gateway registered them. Returns how many attempts ran.
     */
    async function prime(recordings: Recording[], act: (attempt: number) => Promise<unknown>, what: string): Promise<number> {
      const before = recordings.map((r) => r.values().length);
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        await act(attempt);
        try {
          await waitFor(
            () => {
              const ended = recordings.find((r) => r.ended);
              if (ended) throw new Error(`${ended.label} ended while priming: ${describeEnd(ended)}`);
              return recordings.every((r, i) => r.values().length > before[i]!);
            },
            { timeoutMs: 3_000, intervalMs: 20 },
          );
          if (attempt > 1) console.log(`[realtime ${label}] ${what}: primed after ${attempt} attempts`);
          return attempt;
        } catch (error) {
          if ((error as Error).message.includes('ended while priming')) throw error;
        }
      }
      throw new Error(
        `${what}: subscriptions never received anything: ${recordings.map((r) => `${r.label}=${describeEnd(r)}`).join(', ')}`,
      );
    }

    beforeAll(async () => {
      data = await tempDir('agora-e2e-realtime-');
      nats = await startNats();
      const db = await databaseEnv();
      cleanupDatabases = db.cleanup;
      platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url, env: db.env });
      url = platform.gatewayUrl;
      const people = await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].map((p) => register(url, newPerson(p))));
      [alice, bob, carol, dave, erin] = people as [Session, Session, Session, Session, Session];
      await Promise.all([alice, bob, carol, dave, erin].map((s) => waitForProfile(url, s.username, WAIT.timeoutMs)));
      await as(alice, UPDATE_PROFILE, { input: { displayName: aliceDisplayName } });
      bobSeedPostId = await createPost(bob, 'a post from before anyone followed bob');
      bobFollowersPostId = await createPost(bob, 'for my followers only', 'FOLLOWERS');
    });

    afterAll(async () => {
      for (const dispose of disposers.reverse()) await Promise.resolve(dispose()).catch(() => {});
      await platform?.stop();
      await nats?.stop();
      await cleanupDatabases();
      await data?.remove();
    });

    let bobNotesWs: Recording<{ notificationAdded: Note }>;
    let bobNotesSse: Recording<{ notificationAdded: Note }>;
    let carolNotes: Recording<{ notificationAdded: Note }>;

    it("a follow fires the followee's notificationAdded over WebSocket and SSE, with the actor's display name", async () => {
      bobNotesWs = ws(bob, 'bob ws').subscribe({ query: NOTIFICATION_ADDED }, 'bob notificationAdded (ws)');
      bobNotesSse = sse(bob, 'bob sse').subscribe({ query: NOTIFICATION_ADDED }, 'bob notificationAdded (sse)');
      carolNotes = ws(carol, 'carol ws').subscribe({ query: NOTIFICATION_ADDED }, 'carol notificationAdded (ws)');
      // dave mentions both: each gets a MENTIONED notification of their own.
      await prime(
        [bobNotesWs, bobNotesSse, carolNotes],
        (n) => createPost(dave, `hello @${bob.username} and @${carol.username} (${n})`),
        'notifications',
      );

      const sent = performance.now();
      await as(alice, FOLLOW, { id: bob.userId });
      const answered = performance.now();
      const followed = (n: { notificationAdded: Note }) =>
        n.notificationAdded.kind === 'FOLLOWED' && n.notificationAdded.actor.id === alice.userId;
      const [viaWs, viaSse] = await Promise.all([
        bobNotesWs.until(followed, { what: "alice's FOLLOWED" }),
        bobNotesSse.until(followed, { what: "alice's FOLLOWED" }),
      ]);
      for (const delivery of [viaWs, viaSse]) {
        expect(delivery.errors).toBeUndefined();
        expect(delivery.data.notificationAdded).toMatchObject({
          kind: 'FOLLOWED',
          actor: { id: alice.userId, username: alice.username, displayName: aliceDisplayName },
          post: null,
          comment: null,
        });
      }
      expect(viaSse.data.notificationAdded.id).toBe(viaWs.data.notificationAdded.id);
      const ms = (at: number) => Math.round(at - answered);
      // The note of the issue reports these numbers (from the follow's response; in brackets from the request).
      console.log(
        `[realtime ${label}] follow → notificationAdded latency: WebSocket ${ms(viaWs.at)} ms (${Math.round(viaWs.at - sent)} ms from the request), SSE ${ms(viaSse.at)} ms (${Math.round(viaSse.at - sent)} ms)`,
      );
      expect(viaWs.at - answered).toBeLessThan(LATENCY_LIMIT_MS);
      expect(viaSse.at - answered).toBeLessThan(LATENCY_LIMIT_MS);
    });

    it("nobody receives another person's notification", async () => {
      // A notification for carol, then one for bob: each arrives only where it belongs.
      await as(dave, FOLLOW, { id: carol.userId });
      const daveFollowedCarol = await carolNotes.until(
        (n) => n.notificationAdded.kind === 'FOLLOWED' && n.notificationAdded.actor.id === dave.userId,
        {
          what: "dave's FOLLOWED",
        },
      );
      await as(erin, FOLLOW, { id: bob.userId });
      const erinFollowed = (n: { notificationAdded: Note }) =>
        n.notificationAdded.kind === 'FOLLOWED' && n.notificationAdded.actor.id === erin.userId;
      await Promise.all([bobNotesWs.until(erinFollowed), bobNotesSse.until(erinFollowed)]);
      // carol's came before erin's in the stream: had it been sent to bob, bob would have it by now.
      const idsOf = (r: Recording<{ notificationAdded: Note }>) => new Set(r.values<Note>('notificationAdded').map((n) => n.id));
      const [bobWsIds, bobSseIds] = [idsOf(bobNotesWs), idsOf(bobNotesSse)];
      for (const ids of [bobWsIds, bobSseIds]) {
        expect(ids.has(daveFollowedCarol.data.notificationAdded.id)).toBe(false);
        expect([...idsOf(carolNotes)].filter((id) => ids.has(id))).toEqual([]);
      }
      // …and carol got only what is about her: of follows, dave's of her, never alice's or erin's of bob.
      const carolFollowers = () =>
        carolNotes
          .values<Note>('notificationAdded')
          .filter((n) => n.kind === 'FOLLOWED')
          .map((n) => n.actor.username);
      expect(carolFollowers()).toEqual([dave.username]);
      // Then another one of hers: bob's later notifications (erin's follow) were never sent to her either.
      await as(erin, FOLLOW, { id: carol.userId });
      await carolNotes.until((n) => n.notificationAdded.kind === 'FOLLOWED' && n.notificationAdded.actor.id === erin.userId);
      expect(carolFollowers()).toEqual([dave.username, erin.username]);
      for (const id of idsOf(carolNotes)) expect(bobWsIds.has(id) || bobSseIds.has(id)).toBe(false);
      for (const r of [carolNotes, bobNotesWs, bobNotesSse]) expect(r.errors, r.label).toEqual([]);
    });

    it('a post by someone you follow arrives on feedItemAdded with its body (SSE)', async () => {
      // The feed knows alice follows bob once his earlier post was backfilled into her timeline.
      await waitFor(
        async () => {
          const feed = (await as(alice, `{ feed(first: 20) { edges { node { id } } } }`)).feed;
          return feed.edges.some((e: { node: { id: string } }) => e.node.id === bobSeedPostId);
        },
        { ...WAIT, message: "bob's earlier post in alice's feed" },
      );
      const aliceFeed = sse(alice, 'alice sse').subscribe({ query: FEED_ITEM_ADDED }, 'alice feedItemAdded (sse)');
      // Her own posts enter her own feed: they prime the subscription.
      await prime([aliceFeed], (n) => createPost(alice, `my own post (${n})`), 'feed');
      const body = `bob's news for his followers ${Date.now()}`;
      const sent = performance.now();
      bobPublicPostId = await createPost(bob, body);
      const item = await aliceFeed.until((p) => p.feedItemAdded.id === bobPublicPostId, { what: "bob's post" });
      expect(item.errors).toBeUndefined();
      expect(item.data.feedItemAdded).toEqual({
        id: bobPublicPostId,
        body,
        visibility: 'PUBLIC',
        author: { id: bob.userId, username: bob.username },
      });
      console.log(`[realtime ${label}] createPost → feedItemAdded latency: ${Math.round(item.at - sent)} ms from the request`);
    });

    it('a comment (COMMENT_ADDED with its body) and a reaction (REACTIONS_CHANGED) arrive on postActivity', async () => {
      const aliceActivity = ws(alice, 'alice ws').subscribe(
        { query: POST_ACTIVITY, variables: { postId: bobPublicPostId } },
        'alice postActivity (ws)',
      );
      const carolActivity = sse(carol, 'carol sse').subscribe(
        { query: POST_ACTIVITY, variables: { postId: bobPublicPostId } },
        'carol postActivity (sse)',
      );
      // A reaction primes both (carol's LIKE; the next attempts change it, each a REACTIONS_CHANGED).
      const kinds = ['LIKE', 'LOVE', 'LAUGH', 'LIKE', 'LOVE', 'LAUGH'];
      let lastKind = 'LIKE';
      await prime(
        [aliceActivity, carolActivity],
        (n) => {
          lastKind = kinds[n - 1]!;
          return as(carol, REACT, { input: { subjectId: bobPublicPostId, kind: lastKind } });
        },
        'postActivity',
      );
      for (const activity of [aliceActivity, carolActivity]) {
        const first = activity.values<Activity>('postActivity')[0]!;
        expect(first).toMatchObject({ kind: 'REACTIONS_CHANGED', comment: null, post: { id: bobPublicPostId } });
      }
      // The post as it is now: carol's one reaction, of the last kind she chose.
      await aliceActivity.until(
        (a) =>
          a.postActivity.kind === 'REACTIONS_CHANGED' && a.postActivity.post.reactions.some((r: { kind: string }) => r.kind === lastKind),
      );

      const body = `alice says hi ${Date.now()}`;
      const comment = (await as(alice, ADD_COMMENT, { input: { postId: bobPublicPostId, body } })).addComment;
      const added = (a: { postActivity: Activity }) => a.postActivity.kind === 'COMMENT_ADDED' && a.postActivity.comment?.id === comment.id;
      const [viaWs, viaSse] = await Promise.all([aliceActivity.until(added), carolActivity.until(added)]);
      for (const delivery of [viaWs, viaSse]) {
        expect(delivery.errors).toBeUndefined();
        expect(delivery.data.postActivity).toEqual({
          kind: 'COMMENT_ADDED',
          post: { id: bobPublicPostId, body: expect.any(String), reactions: [{ kind: lastKind, count: 1 }] },
          comment: { id: comment.id, body, author: { username: alice.username } },
        });
      }

      // A reaction to the comment: REACTIONS_CHANGED naming the comment.
      await as(bob, REACT, { input: { subjectId: comment.id, kind: 'LOVE' } });
      const onComment = await aliceActivity.until(
        (a) => a.postActivity.kind === 'REACTIONS_CHANGED' && a.postActivity.comment?.id === comment.id,
      );
      expect(onComment.data.postActivity.post.id).toBe(bobPublicPostId);
      expect(aliceActivity.errors).toEqual([]);
      expect(carolActivity.errors).toEqual([]);
      aliceActivity.dispose();
      carolActivity.dispose();
    });

    it("a stranger's postActivity on a FOLLOWERS post is refused: NOT_FOUND, REALTIME.POST_NOT_FOUND (WebSocket and SSE)", async () => {
      const viaWs = ws(carol, 'carol ws 2').subscribe(
        { query: POST_ACTIVITY, variables: { postId: bobFollowersPostId } },
        'carol on a FOLLOWERS post (ws)',
      );
      const viaSse = sse(carol, 'carol sse 2').subscribe(
        { query: POST_ACTIVITY, variables: { postId: bobFollowersPostId } },
        'carol on a FOLLOWERS post (sse)',
      );
      const raw = track(
        await sseRaw(url, carol, { query: POST_ACTIVITY, variables: { postId: bobFollowersPostId } }, { label: 'carol raw sse' }),
      );
      for (const refused of [viaWs, viaSse, raw.recording]) {
        await refused.untilEnded();
        expect(refused.values(), refused.label).toEqual([]);
        expect(codesOf(refused), `${refused.label}: ${describeEnd(refused)}`).toContainEqual({
          code: 'NOT_FOUND',
          reason: 'REALTIME.POST_NOT_FOUND',
        });
        // Errors are GraphQL errors, never a stack trace.
        expect(JSON.stringify(refused.errors)).not.toMatch(/\bat .+\.(ts|js):\d+/);
      }
      // The same post id is followable by a follower (alice): the refusal is about carol, not the post.
      const aliceSees = await as(alice, `query($id: ID!) { post(id: $id) { id visibility } }`, { id: bobFollowersPostId });
      expect(aliceSees.post).toEqual({ id: bobFollowersPostId, visibility: 'FOLLOWERS' });
    });

    it("a block ends the follower's postActivity on the blocker's FOLLOWERS post (ACCESS_LOST) and stops notifications between them", async () => {
      const aliceWs = ws(alice, 'alice ws 3');
      const activity = aliceWs.subscribe(
        { query: POST_ACTIVITY, variables: { postId: bobFollowersPostId } },
        'alice postActivity on FOLLOWERS (ws)',
      );
      const aliceNotes = aliceWs.subscribe({ query: NOTIFICATION_ADDED }, 'alice notificationAdded (ws)');
      const bobNotes = ws(bob, 'bob ws 3').subscribe({ query: NOTIFICATION_ADDED }, 'bob notificationAdded (ws 3)');
      await prime(
        [activity],
        (n) => as(bob, ADD_COMMENT, { input: { postId: bobFollowersPostId, body: `only for followers (${n})` } }),
        'FOLLOWERS activity',
      );
      expect(activity.values<Activity>('postActivity')[0]).toMatchObject({
        kind: 'COMMENT_ADDED',
        comment: { author: { username: bob.username } },
      });
      await prime([aliceNotes, bobNotes], (n) => createPost(carol, `@${alice.username} @${bob.username} before (${n})`), 'notifications');

      await as(bob, BLOCK, { id: alice.userId });
      await activity.untilEnded();
      expect(codesOf(activity), describeEnd(activity)).toContainEqual({ code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' });
      // The subscription ended, not the connection: alice's other subscription goes on (below).
      expect(aliceWs.closes).toEqual([]);

      // notifications knows the block once alice's follow of bob is hidden from bob's list.
      await waitFor(
        async () => {
          const list = (await as(bob, `{ notifications(first: 50) { edges { node { actor { id } } } } }`)).notifications;
          return !list.edges.some((e: { node: { actor: { id: string } } }) => e.node.actor.id === alice.userId);
        },
        { ...WAIT, message: "notifications hiding alice's notifications from bob" },
      );
      await createPost(alice, `@${bob.username} are you there?`);
      await createPost(bob, `@${alice.username} not for you`);
      const controlBody = `@${alice.username} @${bob.username} after the block`;
      await createPost(carol, controlBody);
      const control = (n: { notificationAdded: Note }) =>
        n.notificationAdded.kind === 'MENTIONED' && n.notificationAdded.post?.body === controlBody;
      await Promise.all([aliceNotes.until(control), bobNotes.until(control)]);
      // The mentions between alice and bob came first in the stream; none was delivered (all they got is carol's).
      expect(new Set(aliceNotes.values<Note>('notificationAdded').map((n) => n.actor.username))).toEqual(new Set([carol.username]));
      expect(new Set(bobNotes.values<Note>('notificationAdded').map((n) => n.actor.username))).toEqual(new Set([carol.username]));
      expect(aliceNotes.errors).toEqual([]);
      expect(bobNotes.errors).toEqual([]);
    });

    it('SSE: a dropped connection resumed with Last-Event-ID receives what it missed, in order, without duplicates', async () => {
      const activityOp = { query: POST_ACTIVITY, variables: { postId: bobPublicPostId } };
      const first = {
        activity: track(await sseRaw<{ postActivity: Activity }>(url, carol, activityOp, { label: 'carol raw postActivity' })),
        notes: track(
          await sseRaw<{ notificationAdded: Note }>(url, bob, { query: NOTIFICATION_ADDED }, { label: 'bob raw notificationAdded' }),
        ),
      };
      for (const stream of Object.values(first)) {
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      }
      // dave's comments on bob's post: COMMENT_ADDED for carol's stream, COMMENTED for bob's.
      const attempts = await prime(
        [first.activity.recording, first.notes.recording],
        (n) => as(dave, ADD_COMMENT, { input: { postId: bobPublicPostId, body: `warm-up ${n}` } }),
        'raw SSE',
      );
      await Promise.all([first.activity.recording.untilCount(attempts), first.notes.recording.untilCount(attempts)]);
      const lastIds = {
        activity: first.activity.recording.deliveries.at(-1)!.position!,
        notes: first.notes.recording.deliveries.at(-1)!.position!,
      };
      for (const stream of Object.values(first)) {
        for (const frame of stream.frames.filter((f) => f.event === 'next')) expect(frame.id, JSON.stringify(frame)).toMatch(/^\d+$/);
      }
      first.activity.drop();
      first.notes.drop();

      const missed = [`missed 1 ${Date.now()}`, 'missed 2', 'missed 3'];
      for (const body of missed) await as(dave, ADD_COMMENT, { input: { postId: bobPublicPostId, body } });

      const resumed = {
        activity: track(
          await sseRaw<{ postActivity: Activity }>(url, carol, activityOp, { lastEventId: lastIds.activity, label: 'carol resumed' }),
        ),
        notes: track(
          await sseRaw<{ notificationAdded: Note }>(
            url,
            bob,
            { query: NOTIFICATION_ADDED },
            { lastEventId: lastIds.notes, label: 'bob resumed' },
          ),
        ),
      };
      await Promise.all([resumed.activity.recording.untilCount(missed.length), resumed.notes.recording.untilCount(missed.length)]);
      const live = 'live after the resume';
      await as(dave, ADD_COMMENT, { input: { postId: bobPublicPostId, body: live } });
      await resumed.activity.recording.until((a) => a.postActivity.comment?.body === live);
      await resumed.notes.recording.until((n) => n.notificationAdded.comment?.body === live);

      const expected = [...missed, live];
      expect(resumed.activity.recording.values<Activity>('postActivity').map((a) => [a.kind, a.comment?.body])).toEqual(
        expected.map((b) => ['COMMENT_ADDED', b]),
      );
      expect(resumed.notes.recording.values<Note>('notificationAdded').map((n) => [n.kind, n.comment?.body])).toEqual(
        expected.map((b) => ['COMMENTED', b]),
      );
      for (const [name, stream] of Object.entries(resumed)) {
        const positions = stream.recording.deliveries.map((d) => Number(d.position));
        expect(positions.every((p, i) => p > (i === 0 ? Number(lastIds[name as keyof typeof lastIds]) : positions[i - 1]!))).toBe(true);
        expect(stream.recording.errors).toEqual([]);
      }
    });
  });
}
