/**
 * Issue #10: "a killed and restarted gateway loses nothing". The contexts run as the devstack runs
 * them; the gateway is a child process of this test on one fixed port, so it can be killed with
 * SIGKILL (no shutdown hook runs, no goodbye to clients) and started again.
 *
 * bob listens to his notifications and to his post's activity over WebSocket, and to his
 * notifications over SSE. alice comments; right after one comment is answered the gateway is
 * killed, so that event may or may not have reached bob. While it is down alice keeps commenting
 * and reacts, straight at the comments and reactions subgraphs (signing the identity header as
 * the gateway would). The gateway is restarted, bob resubscribes from the last position he saw
 * (`extensions.after`, `Last-Event-ID`), one more comment is made live, and every event must have
 * reached him exactly once, in order, across the two connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import {
  ADD_COMMENT,
  CREATE_POST,
  NOTIFICATION_ADDED,
  POST_ACTIVITY,
  REACT,
  asAtSubgraph,
  describeEnd,
  sseRaw,
  startPlatformWithOwnGateway,
  wsConnect,
  type Delivery,
  type PlatformWithOwnGateway,
  type Recording,
} from './realtime-support';
import { newPerson, operationsAt, register, waitForProfile, type Session } from './support';

interface Note {
  kind: string;
  comment: { body: string } | null;
}
interface Activity {
  kind: string;
  comment: { body: string } | null;
}

describe('realtime across a gateway killed with SIGKILL and restarted', () => {
  let nats: NatsServer;
  let data: TempDir;
  let stack: PlatformWithOwnGateway;
  let alice: Session;
  let bob: Session;
  let postId: string;
  const lines: string[] = [];
  const { as } = operationsAt(() => stack.gatewayUrl);

  beforeAll(async () => {
    data = await tempDir('agora-e2e-realtime-restart-');
    nats = await startNats();
    stack = await startPlatformWithOwnGateway({
      dataDir: data.path,
      natsUrl: nats.url,
      output: (line) => {
        lines.push(line);
        if (lines.length > 200) lines.shift();
      },
    });
    await stack.startGateway();
    const people = await Promise.all(['alice', 'bob'].map((p) => register(stack.gatewayUrl, newPerson(p))));
    [alice, bob] = people as [Session, Session];
    await Promise.all([alice, bob].map((s) => waitForProfile(stack.gatewayUrl, s.username, 60_000)));
    postId = (await as(bob, CREATE_POST, { input: { body: 'comment on this while the gateway restarts' } })).createPost.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
    await data?.remove();
  });

  it('resumes WebSocket (extensions.after) and SSE (Last-Event-ID) subscriptions after kill -9 and restart: every event once, in order', async () => {
    const comment = (body: string) => as(alice, ADD_COMMENT, { input: { postId, body } });
    const before = wsConnect(stack.gatewayUrl, bob, 'bob before the kill');
    const notes = before.subscribe<{ notificationAdded: Note }>({ query: NOTIFICATION_ADDED }, 'notificationAdded (ws, before)');
    const activity = before.subscribe<{ postActivity: Activity }>(
      { query: POST_ACTIVITY, variables: { postId } },
      'postActivity (ws, before)',
    );
    const sseNotes = await sseRaw<{ notificationAdded: Note }>(
      stack.gatewayUrl,
      bob,
      { query: NOTIFICATION_ADDED },
      { label: 'notificationAdded (sse, before)' },
    );
    const recordings: Recording[] = [notes, activity, sseNotes.recording];

    // Until every subscription has received something (they are registered), alice comments.
    let warmUps = 0;
    for (; warmUps < 6 && !recordings.every((r) => r.values().length > 0);) {
      warmUps += 1;
      await comment(`warm-up ${warmUps}`);
      await Promise.all(recordings.map((r) => r.untilCount(1, { timeoutMs: 5_000 }).catch(() => undefined)));
    }
    await Promise.all(recordings.map((r) => r.untilCount(warmUps)));

    // One more, answered — and the gateway dies at once, whether or not it pushed it yet.
    const events = ['in flight'];
    await comment('in flight');
    await stack.killGateway();
    await Promise.all(recordings.map((r) => r.untilEnded()));
    expect(before.closes.map((c) => c.code)).toEqual([1006]); // no close frame: the process just died

    // While it is down: more comments and a reaction, straight at the subgraphs.
    for (const body of ['while down 1', 'while down 2', 'while down 3']) {
      await asAtSubgraph(stack.subgraphUrl('comments'), stack.internalSecret, alice, ADD_COMMENT, { input: { postId, body } });
      events.push(body);
    }
    await asAtSubgraph(stack.subgraphUrl('reactions'), stack.internalSecret, alice, REACT, { input: { subjectId: postId, kind: 'LIKE' } });
    events.push('reaction');

    await stack.startGateway();
    const lastOf = (r: Recording) => r.deliveries.filter((d) => d.data != null).at(-1)!.position!;
    for (const r of recordings) expect(lastOf(r), `${r.label} carries positions`).toMatch(/^\d+$/);
    const after = wsConnect(stack.gatewayUrl, bob, 'bob after the restart');
    const notesAgain = after.subscribe<{ notificationAdded: Note }>(
      { query: NOTIFICATION_ADDED, extensions: { after: lastOf(notes) } },
      'notificationAdded (ws, resumed)',
    );
    const activityAgain = after.subscribe<{ postActivity: Activity }>(
      { query: POST_ACTIVITY, variables: { postId }, extensions: { after: lastOf(activity) } },
      'postActivity (ws, resumed)',
    );
    const sseAgain = await sseRaw<{ notificationAdded: Note }>(
      stack.gatewayUrl,
      bob,
      { query: NOTIFICATION_ADDED },
      { lastEventId: lastOf(sseNotes.recording), label: 'notificationAdded (sse, resumed)' },
    );
    try {
      // The replay must have started before the live comment, or this proves nothing about it: wait for the first missed event.
      await Promise.all([notesAgain, activityAgain, sseAgain.recording].map((r) => r.untilCount(1, { timeoutMs: 30_000 })));
      await comment('live after the restart');
      events.push('live after the restart');

      const noteLabel = (n: { notificationAdded: Note }) =>
        n.notificationAdded.kind === 'REACTED' ? 'reaction' : `${n.notificationAdded.kind}:${n.notificationAdded.comment?.body}`;
      const activityLabel = (a: { postActivity: Activity }) =>
        a.postActivity.kind === 'REACTIONS_CHANGED' ? 'reaction' : `${a.postActivity.kind}:${a.postActivity.comment?.body}`;
      const expectedNotes = events.map((e) => (e === 'reaction' ? e : `COMMENTED:${e}`));
      const expectedActivity = events.map((e) => (e === 'reaction' ? e : `COMMENT_ADDED:${e}`));

      const check = async <T>(first: Recording<T>, second: Recording<T>, label: (v: T) => string, expected: string[]) => {
        await second.until((v) => label(v) === expected.at(-1), { timeoutMs: 30_000, what: 'the live comment' });
        const all: Delivery<T>[] = [...first.deliveries, ...second.deliveries].filter((d) => d.data != null);
        const seen = all.map((d) => label(d.data)).filter((l) => !l.includes('warm-up'));
        expect(seen, `${first.label} + ${second.label}`).toEqual(expected);
        const positions = all.map((d) => Number(d.position));
        expect(
          positions.every((p, i) => i === 0 || p > positions[i - 1]!),
          `positions ${positions.join(',')}`,
        ).toBe(true);
        expect(second.errors, describeEnd(second)).toEqual([]);
      };
      await check(notes, notesAgain, noteLabel, expectedNotes);
      await check(activity, activityAgain, activityLabel, expectedActivity);
      await check(sseNotes.recording, sseAgain.recording, noteLabel, expectedNotes);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- gateway output ---\n${lines.slice(-40).join('\n')}`, { cause: error });
    } finally {
      sseAgain.drop();
      await after.dispose();
      await before.dispose();
    }
  });
});
