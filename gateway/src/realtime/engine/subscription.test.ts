import { createLogger } from '@agora/service-kit';
import { waitFor } from '@agora/testing';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Subscription, type Outcome, type QueuedEvent } from './subscription';
import type { RealtimeMessage } from './types';

const logger = createLogger('subscription-test', 'silent');
const delivery = { kind: 'deliver', field: 'notificationAdded', topic: 'viewer:u', value: {} } as const;
const event = (seq: number): QueuedEvent => ({ seq, deliveries: [delivery] });

function subscription(options: { position?: number; buffer?: number; handle?: (event: QueuedEvent) => Promise<Outcome> } = {}) {
  let closed = 0;
  const sub = new Subscription({
    position: options.position ?? 0,
    bufferMessages: options.buffer ?? 100,
    concurrency: 4,
    handle: options.handle ?? (async ({ seq }) => ({ kind: 'deliver', payload: { data: { seq } } })),
    onClosed: () => closed++,
    logger,
  });
  const received: RealtimeMessage[] = [];
  let done = false;
  const read = () =>
    void (async () => {
      for await (const message of sub.messages) received.push(message);
      done = true;
    })();
  return { sub, received, read, closedCount: () => closed, isDone: () => done };
}

describe('Subscription', () => {
  it('delivers in position order even when later events resolve first', async () => {
    const { sub, received, read } = subscription({
      handle: async ({ seq }) => {
        await new Promise((resolve) => setTimeout(resolve, (10 - seq) * 3));
        return { kind: 'deliver', payload: { data: { seq } } };
      },
    });
    read();
    for (let seq = 1; seq <= 9; seq++) sub.offer(event(seq));
    await waitFor(() => received.length === 9);
    expect(received.map((message) => message.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('never delivers a position twice, nor one at or before its start', async () => {
    const { sub, received, read } = subscription({ position: 5 });
    read();
    for (const seq of [3, 5, 6, 6, 4, 7]) sub.offer(event(seq));
    await waitFor(() => received.length === 2);
    sub.offer(event(8));
    await waitFor(() => received.length === 3);
    expect(received.map((message) => message.id)).toEqual(['6', '7', '8']);
  });

  it('skips events that resolve to nothing and keeps going', async () => {
    const { sub, received, read } = subscription({
      handle: async ({ seq }) => (seq % 2 === 0 ? { kind: 'skip' } : { kind: 'deliver', payload: { data: { seq } } }),
    });
    read();
    for (let seq = 1; seq <= 5; seq++) sub.offer(event(seq));
    await waitFor(() => received.length === 3);
    expect(received.map((message) => message.id)).toEqual(['1', '3', '5']);
  });

  it('skips an event whose handling throws (logged), without ending the subscription', async () => {
    const { sub, received, read } = subscription({
      handle: async ({ seq }) => {
        if (seq === 2) throw new Error('bug');
        return { kind: 'deliver', payload: { data: { seq } } };
      },
    });
    read();
    for (let seq = 1; seq <= 3; seq++) sub.offer(event(seq));
    await waitFor(() => received.length === 2);
    expect(received.map((message) => message.id)).toEqual(['1', '3']);
  });

  it('ends on an end outcome: the last payload, then the errors, then nothing more', async () => {
    const error = new GraphQLError('gone', { extensions: { code: 'NOT_FOUND', reason: 'REALTIME.POST_DELETED' } });
    const { sub, received, read, closedCount, isDone } = subscription({
      handle: async ({ seq }) =>
        seq === 2 ? { kind: 'end', last: { data: { last: true } }, errors: [error] } : { kind: 'deliver', payload: { data: { seq } } },
    });
    read();
    for (let seq = 1; seq <= 4; seq++) sub.offer(event(seq));
    await waitFor(isDone);
    expect(received).toEqual([
      { id: '1', payload: { data: { seq: 1 } } },
      { id: '2', payload: { data: { last: true } } },
      { id: '2', payload: { errors: [error] } },
    ]);
    expect(closedCount()).toBe(1);
    sub.offer(event(5));
    expect(received).toHaveLength(3);
  });

  it('ends a slow consumer with SLOW_CONSUMER at the last position the reader took', async () => {
    const { sub, closedCount } = subscription({ buffer: 3 });
    for (let seq = 1; seq <= 3; seq++) sub.offer(event(seq));
    await waitFor(() => sub.messages.buffered === 3);
    const iterator = sub.messages[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ id: '1' });
    sub.offer(event(4));
    sub.offer(event(5));
    expect(closedCount()).toBe(1);
    const last = (await iterator.next()).value as RealtimeMessage;
    expect(last.id).toBe('1');
    expect(last.payload.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.SLOW_CONSUMER' });
    expect((await iterator.next()).done).toBe(true);
  });

  it('holds live events during a replay and joins them after, in order and deduplicated', async () => {
    const { sub, received, read } = subscription({ position: 10, buffer: 2 });
    read();
    sub.startReplay();
    sub.offer(event(14));
    sub.offer(event(15));
    // Replay waits for room (buffer 2) instead of failing.
    for (const seq of [11, 12, 13, 14]) expect(await sub.offerReplayed(event(seq))).toBe(true);
    sub.finishReplay();
    await waitFor(() => received.length === 5);
    expect(received.map((message) => message.id)).toEqual(['11', '12', '13', '14', '15']);
  });

  it('is released once when the reader stops reading or the subscription is closed', async () => {
    const { sub, closedCount, read, isDone } = subscription();
    read();
    sub.close();
    sub.close();
    await waitFor(isDone);
    expect(closedCount()).toBe(1);
    expect(await sub.offerReplayed(event(1))).toBe(false);

    const other = subscription();
    const iterator = other.sub.messages[Symbol.asyncIterator]();
    await iterator.return!();
    expect(other.closedCount()).toBe(1);
    expect(other.sub.isClosed).toBe(true);
  });
});
