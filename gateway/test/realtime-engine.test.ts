import { randomUUID } from 'node:crypto';
import { BlockCreatedV1, FeedItemAddedV1, PostDeletedV1, PostVisibilityChangedV1 } from '@agora/events';
import type { Viewer } from '@agora/service-kit';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstErrorOf, now, startRealtimeHarness, type RealtimeHarness } from './realtime-engine.harness';

const NOTIFICATIONS = 'subscription { notificationAdded { id message post { body seenBy } } }';
const FEED = 'subscription { feedItemAdded { id body seenBy } }';
const ACTIVITY = `subscription Activity($postId: ID!) {
  postActivity(postId: $postId) { kind post { id body seenBy } comment { id body } }
}`;
const ACTIVITY_KEYS = 'subscription ($postId: ID!) { postActivity(postId: $postId) { kind post { id } comment { id } } }';

describe('realtime engine: routing, per-viewer resolution, access', () => {
  let h: RealtimeHarness;
  beforeAll(async () => {
    h = await startRealtimeHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('delivers a notification to its recipient only, resolved through the subgraphs as that viewer', async () => {
    const ada = h.viewer('ada');
    const bob = h.viewer('bob');
    const postId = h.world.addPost('hello world');
    const adaSub = await h.subscribe(ada, NOTIFICATIONS);
    const bobSub = await h.subscribe(bob, NOTIFICATIONS);
    expect(adaSub.result.ok && bobSub.result.ok).toBe(true);

    const forAda = await h.notify(ada, 'bob commented', postId);
    const forBob = await h.notify(bob, 'a marker for bob');

    const [bobMessage] = await bobSub.collector!.first(1);
    const [adaMessage] = await adaSub.collector!.first(1);
    expect(adaMessage!.payload).toEqual({
      data: { notificationAdded: { id: forAda, message: 'bob commented', post: { body: 'hello world', seenBy: ada.username } } },
    });
    // Bob's later event arrived and nothing before it: Ada's notification never reached him.
    expect(bobMessage!.payload.data).toEqual({ notificationAdded: { id: forBob, message: 'a marker for bob', post: null } });
    expect(bobSub.collector!.messages).toHaveLength(1);
    // The position is REALTIME's sequence.
    expect(Number(adaMessage!.id)).toBeLessThan(Number(bobMessage!.id));
    expect(Number(bobMessage!.id)).toBeLessThanOrEqual(await h.realtimeLastSeq());
    // The notifications subgraph was asked as Ada for Ada's notification (the identity header).
    const asked = h.notifications.received.filter((request) => JSON.stringify(request.variables).includes(forAda));
    expect(asked.map((request) => request.viewer)).toEqual([ada.username]);
  });

  it('skips a feed item the viewer cannot see (a payload that does not resolve is not delivered)', async () => {
    const cleo = h.viewer('cleo');
    const hidden = h.world.addPost('only for someone else', new Set([randomUUID()]));
    const visible = h.world.addPost('for everyone');
    const sub = await h.subscribe(cleo, FEED);
    for (const postId of [hidden, visible]) {
      await h.publish(FeedItemAddedV1, { ownerId: cleo.userId, postId, authorId: randomUUID(), publishedAt: now(), addedAt: now() });
    }
    const [message] = await sub.collector!.first(1);
    expect(message!.payload).toEqual({ data: { feedItemAdded: { id: visible, body: 'for everyone', seenBy: cleo.username } } });
    expect(sub.collector!.messages).toHaveLength(1);
  });

  it('refuses anonymous viewers, queries, invalid documents, bad arguments and bad positions', async () => {
    const dan = h.viewer('dan');
    const refusal = async (viewer: Viewer | null, query: string, options: Parameters<RealtimeHarness['subscribe']>[2] = {}) =>
      firstErrorOf((await h.subscribe(viewer, query, options)).result);

    expect(await refusal(null, NOTIFICATIONS)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(dan, 'query { post(id: "x") { id } }')).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'REALTIME.NOT_A_SUBSCRIPTION',
    });
    expect(await refusal(dan, 'subscription { notificationAdded { nope } }')).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(await refusal(dan, 'subscription { notificationAdded { id } feedItemAdded { id } }')).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(await refusal(dan, ACTIVITY, { variables: { postId: 'not-a-uuid' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'postId',
    });
    expect(await refusal(dan, ACTIVITY, { variables: {} })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal(dan, NOTIFICATIONS, { after: '12abc' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'REALTIME.INVALID_POSITION',
    });
    expect(await refusal(dan, `${NOTIFICATIONS} ${FEED.replace('subscription', 'subscription Feed')}`)).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(h.engine.activeSubscriptions()).toBeGreaterThanOrEqual(0);
  });

  it('refuses postActivity on a post the viewer cannot see, and follows one they can', async () => {
    const erin = h.viewer('erin');
    const hidden = h.world.addPost('secret', new Set([randomUUID()]));
    expect(firstErrorOf((await h.subscribe(erin, ACTIVITY, { variables: { postId: hidden } })).result)).toEqual({
      message: 'No post with this id is visible to you',
      code: 'NOT_FOUND',
      reason: 'REALTIME.POST_NOT_FOUND',
    });

    const postId = h.world.addPost('visible to erin', new Set([erin.userId]));
    // Upper case: the argument is normalised before the topic is derived.
    const sub = await h.subscribe(erin, ACTIVITY, { variables: { postId: postId.toUpperCase() } });
    expect(sub.result.ok).toBe(true);
    const commentId = await h.addComment(postId, 'first!');
    const [message] = await sub.collector!.first(1);
    expect(message!.payload).toEqual({
      data: {
        postActivity: {
          kind: 'COMMENT_ADDED',
          post: { id: postId, body: 'visible to erin', seenBy: erin.username },
          comment: { id: commentId, body: 'first!' },
        },
      },
    });
  });

  it('ends postActivity with ACCESS_LOST when a recheck finds the post gone from the viewer, keeping others', async () => {
    const fay = h.viewer('fay');
    const gus = h.viewer('gus');
    const postId = h.world.addPost('for fay and gus', new Set([fay.userId, gus.userId]));
    const faySub = await h.subscribe(fay, ACTIVITY, { variables: { postId } });
    const gusSub = await h.subscribe(gus, ACTIVITY, { variables: { postId } });
    const before = h.engine.activeSubscriptions();

    h.world.posts.get(postId)!.audience = new Set([gus.userId]);
    await h.publish(PostVisibilityChangedV1, {
      postId,
      authorId: randomUUID(),
      visibility: 'CIRCLE',
      circleIds: [randomUUID()],
      commentsDisabled: false,
      version: 2,
      changedAt: now(),
    });
    const messages = await faySub.collector!.ended();
    expect(messages).toHaveLength(1);
    expect(firstErrorOf(messages[0])).toEqual({
      message: 'You can no longer see this post',
      code: 'FORBIDDEN',
      reason: 'REALTIME.ACCESS_LOST',
    });
    expect(messages[0]!.payload.data).toBeUndefined();
    await waitFor(() => h.engine.activeSubscriptions() === before - 1);

    await h.addComment(postId, 'gus still follows');
    const [gusMessage] = await gusSub.collector!.first(1);
    expect(gusMessage!.payload.data).toMatchObject({ postActivity: { kind: 'COMMENT_ADDED', comment: { body: 'gus still follows' } } });
    expect(Number(gusMessage!.id)).toBeGreaterThan(Number(messages[0]!.id));
  });

  it('rechecks on the viewer topic (a block) and when an activity no longer resolves', async () => {
    const hal = h.viewer('hal');
    const postId = h.world.addPost("the blocker's post", new Set([hal.userId]));
    const sub = await h.subscribe(hal, ACTIVITY, { variables: { postId } });
    h.world.posts.get(postId)!.audience = new Set();
    await h.publish(BlockCreatedV1, { blockerId: randomUUID(), blockedId: hal.userId, version: 1, at: now() });
    const [ended] = await sub.collector!.ended();
    expect(firstErrorOf(ended)).toMatchObject({ code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' });

    // No recheck event at all: the activity's post does not resolve any more, the check runs then.
    const ivy = h.viewer('ivy');
    const other = h.world.addPost('ivy follows this', new Set([ivy.userId]));
    const ivySub = await h.subscribe(ivy, ACTIVITY, { variables: { postId: other } });
    h.world.posts.get(other)!.audience = new Set();
    await h.addComment(other, 'ivy cannot read this');
    const [lost] = await ivySub.collector!.ended();
    expect(firstErrorOf(lost)).toMatchObject({ code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' });
  });

  it('on a deleted post, delivers DELETED only to key-only selections, then ends every subscription', async () => {
    const jo = h.viewer('jo');
    const postId = h.world.addPost('soon gone');
    const keys = await h.subscribe(jo, ACTIVITY_KEYS, { variables: { postId } });
    const full = await h.subscribe(jo, ACTIVITY, { variables: { postId } });
    h.world.posts.delete(postId);
    await h.publish(PostDeletedV1, { postId, authorId: randomUUID(), deletedAt: now() });

    const keyMessages = await keys.collector!.ended();
    expect(keyMessages.map((message) => message.payload)).toEqual([
      { data: { postActivity: { kind: 'DELETED', post: { id: postId }, comment: null } } },
      { errors: [expect.objectContaining({ message: 'The post was deleted' })] },
    ]);
    expect(firstErrorOf(keyMessages[1])).toMatchObject({ code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' });
    expect(keyMessages[0]!.id).toBe(keyMessages[1]!.id);
    const fullMessages = await full.collector!.ended();
    expect(fullMessages).toHaveLength(1);
    expect(firstErrorOf(fullMessages[0])).toMatchObject({ code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' });
  });

  it('limits live subscriptions per viewer across the instance and frees a slot when one ends', async () => {
    const kim = h.viewer('kim');
    const subs = [];
    for (let i = 0; i < 4; i++) subs.push(await h.subscribe(kim, NOTIFICATIONS));
    expect(subs.every((sub) => sub.result.ok)).toBe(true);
    expect(firstErrorOf((await h.subscribe(kim, FEED)).result)).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'REALTIME.TOO_MANY_SUBSCRIPTIONS',
    });
    // Someone else is not affected.
    expect((await h.subscribe(h.viewer(), FEED)).result.ok).toBe(true);
    subs[0]!.abort();
    await subs[0]!.collector!.ended();
    expect((await h.subscribe(kim, FEED)).result.ok).toBe(true);
  });

  it('accepts the operation named by operationName in a document holding several', async () => {
    const lee = h.viewer('lee');
    const document = `subscription Notes { notificationAdded { id } } subscription Feed { feedItemAdded { id } }`;
    const sub = await h.subscribe(lee, document, { operationName: 'Notes' });
    expect(sub.result.ok).toBe(true);
    const id = await h.notify(lee, 'named');
    expect((await sub.collector!.first(1))[0]!.payload).toEqual({ data: { notificationAdded: { id } } });
    expect(firstErrorOf((await h.subscribe(lee, document, { operationName: 'Missing' })).result)).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('delivers an event caused while the subscription was still being checked (it starts when the request arrived)', async () => {
    const [hal, ivy] = [h.viewer('hal'), h.viewer('ivy')];
    const postId = h.world.addPost('checked slowly');
    const witness = await h.subscribe(ivy, ACTIVITY, { variables: { postId } });
    let release!: () => void;
    h.posts.holds.set(hal.username, new Promise<void>((resolve) => (release = resolve)));
    // hal's access check waits at posts; meanwhile a comment goes out to the live subscribers.
    const pending = h.subscribe(hal, ACTIVITY, { variables: { postId } });
    await waitFor(() => h.posts.received.some((request) => request.viewer === hal.username), { message: "hal's access check" });
    await h.addComment(postId, 'during the check');
    await witness.collector!.first(1);
    h.posts.holds.delete(hal.username);
    release();
    const late = await pending;
    const [message] = await late.collector!.first(1);
    expect((message!.payload.data as any).postActivity.comment.body).toBe('during the check');
    late.abort();
    witness.abort();
  });
});
