import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector, firstErrorOf, startRealtimeHarness, type RealtimeHarness } from './realtime-engine.harness';

const NOTIFICATIONS = 'subscription { notificationAdded { id message } }';
const ACTIVITY = 'subscription ($postId: ID!) { postActivity(postId: $postId) { kind post { body } comment { id body } } }';

describe('realtime engine: order, resume, slow consumers, batching', () => {
  let h: RealtimeHarness;
  beforeAll(async () => {
    h = await startRealtimeHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const messagesOf = (collector: Collector) =>
    collector.messages.map((message) => (message.payload.data as { notificationAdded: { message: string } }).notificationAdded.message);
  const expectIncreasing = (ids: string[]) => {
    for (let i = 1; i < ids.length; i++) expect(Number(ids[i])).toBeGreaterThan(Number(ids[i - 1]));
  };

  it('delivers a burst in stream order with strictly increasing positions', async () => {
    const ann = h.viewer('ann');
    const postId = h.world.addPost('busy post');
    const sub = await h.subscribe(ann, ACTIVITY, { variables: { postId } });
    const bodies = Array.from({ length: 20 }, (_, i) => `comment ${i}`);
    for (const body of bodies) await h.addComment(postId, body);
    const messages = await sub.collector!.first(20);
    expect(messages.map((message) => (message.payload.data as any).postActivity.comment.body)).toEqual(bodies);
    expectIncreasing(messages.map((message) => message.id));
  });

  it('resumes after a position: the missed events in order, then live ones, none twice', async () => {
    const ben = h.viewer('ben');
    const first = await h.subscribe(ben, NOTIFICATIONS);
    for (const message of ['n1', 'n2', 'n3']) await h.notify(ben, message);
    const seen = await first.collector!.first(3);
    first.abort();
    await first.collector!.ended();

    for (const message of ['n4', 'n5']) await h.notify(ben, message);
    // The engine has read them (a marker for someone else arrives after them).
    const marker = h.viewer('marker');
    const markerSub = await h.subscribe(marker, NOTIFICATIONS);
    await h.notify(marker, 'marker');
    await markerSub.collector!.first(1);

    const resumed = await h.subscribe(ben, NOTIFICATIONS, { after: seen[1]!.id });
    await resumed.collector!.first(3);
    await h.notify(ben, 'n6');
    await resumed.collector!.first(4);
    expect(messagesOf(resumed.collector!)).toEqual(['n3', 'n4', 'n5', 'n6']);
    expect(resumed.collector!.messages[0]!.id).toBe(seen[2]!.id);
    expectIncreasing(resumed.collector!.messages.map((message) => message.id));

    // From before the first position kept: everything this stream still has, from the start.
    const all = await h.subscribe(ben, NOTIFICATIONS, { after: '0' });
    await all.collector!.first(6);
    expect(messagesOf(all.collector!)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    all.abort();
    resumed.abort();
    markerSub.abort();

    // Not a position of this stream (beyond its end): live from now.
    const beyond = await h.subscribe(ben, NOTIFICATIONS, { after: '999999999' });
    await h.notify(ben, 'n7');
    await beyond.collector!.first(1);
    expect(messagesOf(beyond.collector!)).toEqual(['n7']);
  });

  it('switches from replay to live without gaps or duplicates while events keep coming', async () => {
    const cat = h.viewer('cat');
    const start = await h.subscribe(cat, NOTIFICATIONS);
    await h.notify(cat, 'm0');
    const [anchor] = await start.collector!.first(1);
    start.abort();

    const total = 40;
    const publishing = (async () => {
      for (let i = 1; i <= total; i++) await h.notify(cat, `m${i}`);
    })();
    // Subscribe while the burst is being published: part replays, part arrives live.
    await waitFor(() => h.notifications.received.length > 0 && h.world.notifications.size > 10);
    const resumed = await h.subscribe(cat, NOTIFICATIONS, { after: anchor!.id });
    await publishing;
    await resumed.collector!.first(total);
    expect(messagesOf(resumed.collector!)).toEqual(Array.from({ length: total }, (_, i) => `m${i + 1}`));
    expectIncreasing(resumed.collector!.messages.map((message) => message.id));
    resumed.abort();
  });

  it('ends a subscription whose client does not read (slow consumer) at the last position it took', async () => {
    const engine = await h.startEngine({ bufferMessages: 3 });
    const dee = h.viewer('dee');
    const idle = await h.subscribe(dee, NOTIFICATIONS, { engine, read: false });
    expect(idle.result.ok).toBe(true);
    const startPosition = await h.realtimeLastSeq();
    for (let i = 1; i <= 6; i++) await h.notify(dee, `s${i}`);
    await waitFor(() => engine.activeSubscriptions() === 0, { message: 'the slow subscription to end' });

    const collector = new Collector((idle.result as { ok: true; messages: AsyncIterable<never> }).messages);
    const [last] = await collector.ended();
    expect(collector.messages).toHaveLength(1);
    expect(firstErrorOf(last)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.SLOW_CONSUMER' });
    expect(last!.id).toBe(String(startPosition));

    // Resuming from there (a replay waits for the reader) loses nothing.
    const resumed = await h.subscribe(dee, NOTIFICATIONS, { engine, after: last!.id });
    await resumed.collector!.first(6);
    expect(messagesOf(resumed.collector!)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    resumed.abort();
  });

  it('resumes a position older than the stream keeps from the first event kept (no error)', async () => {
    const fox = h.viewer('fox');
    const start = await h.subscribe(fox, NOTIFICATIONS);
    for (const message of ['o1', 'o2', 'o3', 'o4']) await h.notify(fox, message);
    const seen = await start.collector!.first(4);
    start.abort();
    // What REALTIME's max age does over an hour: everything but the last two events is gone.
    const jsm = await h.js.jetstreamManager();
    await jsm.streams.purge('REALTIME', { keep: 2 });
    // A gateway instance that did not see them (this one still has them in memory).
    const fresh = await h.startEngine();
    const resumed = await h.subscribe(fox, NOTIFICATIONS, { after: String(Number(seen[0]!.id) - 1), engine: fresh });
    await resumed.collector!.first(2);
    expect(messagesOf(resumed.collector!)).toEqual(['o3', 'o4']);
    expect(resumed.collector!.messages.map((message) => message.id)).toEqual([seen[2]!.id, seen[3]!.id]);
    resumed.abort();
  });

  it("merges concurrent deliveries' entity fetches into fewer subgraph requests", async () => {
    const eve = h.viewer('eve');
    const postId = h.world.addPost('batched');
    const anchorSub = await h.subscribe(eve, ACTIVITY, { variables: { postId } });
    await h.addComment(postId, 'anchor');
    const [anchor] = await anchorSub.collector!.first(1);
    anchorSub.abort();

    const count = 10;
    for (let i = 0; i < count; i++) await h.addComment(postId, `c${i}`);
    const requestsBefore = {
      posts: h.posts.received.filter((request) => request.viewer === eve.username).length,
      comments: h.comments.received.filter((request) => request.viewer === eve.username).length,
    };
    // A resume resolves the missed events together.
    const resumed = await h.subscribe(eve, ACTIVITY, { variables: { postId }, after: anchor!.id });
    const messages = await resumed.collector!.first(count);
    expect(messages.map((message) => (message.payload.data as any).postActivity.comment.body)).toEqual(
      Array.from({ length: count }, (_, i) => `c${i}`),
    );
    for (const message of messages) expect((message.payload.data as any).postActivity.post).toEqual({ body: 'batched' });
    const postsRequests = h.posts.received.filter((request) => request.viewer === eve.username).length - requestsBefore.posts;
    const commentsRequests = h.comments.received.filter((request) => request.viewer === eve.username).length - requestsBefore.comments;
    // Without batching: one posts and one comments request per event (plus the access check).
    expect(postsRequests).toBeLessThan(count / 2);
    expect(commentsRequests).toBeLessThan(count / 2);
    // One representation per distinct entity: the same post is asked once per merged request.
    const merged = h.posts.received.filter((request) => request.viewer === eve.username && request.query.includes('_entities')).at(-1);
    expect(merged?.variables['representations']).toEqual([{ __typename: 'Post', id: postId }]);
    resumed.abort();
  });

  it('resolves an event once for subscriptions of one viewer asking the same, and apart for other viewers', async () => {
    const [fay, gus] = [h.viewer('fay'), h.viewer('gus')];
    const postId = h.world.addPost('shared');
    const tabs = await Promise.all(Array.from({ length: 4 }, () => h.subscribe(fay, ACTIVITY, { variables: { postId } })));
    const other = await h.subscribe(gus, ACTIVITY, { variables: { postId } });
    const postsOf = (viewer: { username: string }) =>
      h.posts.received.filter((request) => request.viewer === viewer.username && request.query.includes('_entities')).length;
    const before = { fay: postsOf(fay), gus: postsOf(gus) };

    await h.addComment(postId, 'to every tab');
    for (const tab of [...tabs, other]) {
      const [message] = await tab.collector!.first(1);
      expect((message!.payload.data as any).postActivity.comment.body).toBe('to every tab');
    }
    // Four identical subscriptions of fay (the harness allows four per viewer): one resolution; gus is resolved as gus.
    expect(postsOf(fay) - before.fay).toBe(1);
    expect(postsOf(gus) - before.gus).toBe(1);
    for (const tab of [...tabs, other]) tab.abort();
  });
});
