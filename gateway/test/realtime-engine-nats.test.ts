import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstErrorOf, startRealtimeHarness, type RealtimeHarness } from './realtime-engine.harness';

const NOTIFICATIONS = 'subscription { notificationAdded { id message } }';

describe('realtime engine: NATS outages and shutdown', () => {
  let h: RealtimeHarness;
  beforeAll(async () => {
    h = await startRealtimeHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const messagesOf = (messages: { payload: { data?: unknown } }[]) =>
    messages.map((message) => (message.payload.data as { notificationAdded: { message: string } }).notificationAdded.message);

  it('keeps delivering to its subscriptions across a nats-server restart, refusing new ones meanwhile', async () => {
    const ann = h.viewer('ann');
    const sub = await h.subscribe(ann, NOTIFICATIONS);
    await h.notify(ann, 'before');
    await sub.collector!.first(1);
    expect(h.engine.isConnected()).toBe(true);

    await h.nats.stop();
    await waitFor(() => !h.engine.isConnected(), { message: 'the engine to notice NATS is gone' });
    expect(firstErrorOf((await h.subscribe(h.viewer(), NOTIFICATIONS)).result)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'REALTIME.UNAVAILABLE',
    });

    await h.nats.restart();
    await waitFor(() => h.engine.isConnected(), { timeoutMs: 20_000, message: 'the engine to reattach' });
    await waitFor(() => !h.nc.isClosed() && h.nc.getServer() !== '', { message: 'the test connection back' });
    await h.notify(ann, 'after');
    const messages = await sub.collector!.first(2, 20_000);
    expect(messagesOf(messages)).toEqual(['before', 'after']);
    expect(Number(messages[1]!.id)).toBeGreaterThan(Number(messages[0]!.id));

    // And a new subscription works again.
    const bob = h.viewer('bob');
    const bobSub = await h.subscribe(bob, NOTIFICATIONS);
    expect(bobSub.result.ok).toBe(true);
    await h.notify(bob, 'hello bob');
    expect(messagesOf(await bobSub.collector!.first(1))).toEqual(['hello bob']);
  });

  it('close() ends every subscription, detaches, and refuses new ones (idempotently)', async () => {
    const engine = await h.startEngine();
    const subs = await Promise.all([h.viewer(), h.viewer()].map((viewer) => h.subscribe(viewer, NOTIFICATIONS, { engine })));
    expect(engine.activeSubscriptions()).toBe(2);
    await Promise.all([engine.close(), engine.close()]);
    expect(engine.activeSubscriptions()).toBe(0);
    expect(engine.isConnected()).toBe(false);
    for (const sub of subs) expect(await sub.collector!.ended()).toEqual([]);
    expect(firstErrorOf((await h.subscribe(h.viewer(), NOTIFICATIONS, { engine })).result)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
