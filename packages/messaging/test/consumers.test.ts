import { describe, expect, it } from 'vitest';
import { PostPublishedV1, STREAMS, type EventEnvelope } from '@agora/events';
import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { waitFor } from '@agora/testing';
import { DEAD_LETTER_HEADERS, ensureStreams, isNatsConnected, startConsumers, type EventHandler, type HandlerContext } from '../src/index';
import { aPostPublished } from './support/event-mother';
import { consumerInfo, publishEvent, readStream } from './support/jetstream';
import { useNats } from './support/nats';

const DURABLE = 'feed--add-post-to-feeds-on-post-published';

interface Call {
  event: EventEnvelope;
  context: HandlerContext;
  at: number;
}

/** A handler for posts.post.published.v1 that records its calls and runs `behaviour`. */
function recordingHandler(behaviour: (call: Call) => Promise<void> | void = () => undefined) {
  const calls: Call[] = [];
  const handler: EventHandler<'posts.post.published.v1', unknown> = {
    name: 'AddPostToFeedsOnPostPublished',
    contract: PostPublishedV1 as never,
    async handle(event, context) {
      const call = { event: event as EventEnvelope, context, at: Date.now() };
      calls.push(call);
      await behaviour(call);
    },
  };
  return { handler, calls };
}

async function settled(nc: Parameters<typeof consumerInfo>[0]) {
  return waitFor(
    async () => {
      const info = await consumerInfo(nc, 'POSTS', DURABLE);
      return info.num_ack_pending === 0 && info.num_pending === 0 && info;
    },
    { message: 'the consumer to have nothing pending or unacknowledged' },
  );
}

describe('startConsumers against a real nats-server', () => {
  const nats = useNats();

  it('creates the durable pull consumer, runs the handler once and acks the message', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const event = aPostPublished();
    await publishEvent(nc, event);

    const { handler, calls } = recordingHandler();
    const running = await startConsumers({ nc, context: 'feed', handlers: [handler], logger, ackWaitMs: 2_000 });
    expect(running.names).toEqual([DURABLE]);

    await waitFor(() => calls.length === 1, { message: 'the handler to run' });
    const info = await settled(nc);
    await running.stop();

    expect(calls[0]!.event).toEqual(event);
    expect(calls[0]!.context.consumer).toBe(DURABLE);
    expect(calls[0]!.context.deliveryCount).toBe(1);
    expect(info.config).toMatchObject({
      durable_name: DURABLE,
      filter_subject: 'posts.post.published.v1',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(2_000),
    });
    expect(info.config.deliver_subject).toBeUndefined(); // pull, not push
    expect(info.num_redelivered).toBe(0);
  });

  it('redelivers after ack_wait when the process "crashes" between the handler and the ack', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const event = aPostPublished();
    await publishEvent(nc, event);

    const { handler, calls } = recordingHandler();
    let crashes = 0;
    const running = await startConsumers({
      nc,
      context: 'feed',
      handlers: [handler],
      logger,
      ackWaitMs: 600,
      beforeAck: (seen, consumer) => {
        expect(consumer).toBe(DURABLE);
        if (seen.id === event.id && crashes++ === 0) throw new Error('simulated crash before ack');
      },
    });

    await waitFor(() => calls.length === 2, { message: 'the redelivery after ack_wait' });
    await settled(nc);
    await running.stop();

    expect(calls.map((call) => call.context.deliveryCount)).toEqual([1, 2]);
    expect(calls.map((call) => call.event.id)).toEqual([event.id, event.id]);
    // Not nak'ed: the second delivery waited for ack_wait.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(500);
    expect(logger.find('interrupted before ack; the message will be redelivered', 'warn')).toHaveLength(1);
  });

  it('retries a failing handler with the nak backoff, then dead-letters it with headers and stops redelivering', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const event = aPostPublished();
    await publishEvent(nc, event);

    const { handler, calls } = recordingHandler(() => {
      throw new Error('feed store\nunavailable');
    });
    const running = await startConsumers({
      nc,
      context: 'feed',
      handlers: [handler],
      logger,
      maxDeliver: 3,
      backoffMs: [150, 300],
      ackWaitMs: 5_000,
    });

    const [dead] = await waitFor(
      async () => {
        const messages = await readStream(nc, 'DLQ');
        return messages.length > 0 && messages;
      },
      { message: 'the dead-lettered copy' },
    );
    await settled(nc);
    await running.stop();

    expect(calls.map((call) => call.context.deliveryCount)).toEqual([1, 2, 3]);
    // Nak delays follow backoffMs by attempt (150 ms, then 300 ms).
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(130);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(280);

    expect(dead!.subject).toBe(`dlq.feed.${DURABLE}.posts.post.published.v1`);
    expect(dead!.json()).toEqual(event);
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.originalSubject)).toBe('posts.post.published.v1');
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.durable)).toBe(DURABLE);
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.error)).toBe('feed store unavailable');
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.deliveryCount)).toBe('3');
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.originalStream)).toBe('POSTS');
    expect(dead!.header?.get(DEAD_LETTER_HEADERS.originalSequence)).toBe('1');

    const alert = logger.find('dead-lettered', 'error');
    expect(alert).toHaveLength(1);
    expect(alert[0]!.fields).toMatchObject({ eventId: event.id, consumer: DURABLE, deliveryCount: 3 });
    // Termed, not merely abandoned: nothing is pending or waiting for an ack, so the server will
    // not deliver it again; the handler ran exactly maxDeliver times.
    expect(calls).toHaveLength(3);
    expect((await readStream(nc, 'DLQ')).length).toBe(1);
  });

  it('dead-letters a message that breaks the contract without calling the handler', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const broken = { ...aPostPublished(), payload: { postId: 'not-a-uuid' } };
    await jetstream(nc).publish('posts.post.published.v1', JSON.stringify(broken), { msgID: broken.id });
    await jetstream(nc).publish('posts.post.published.v1', 'this is not JSON');
    const valid = aPostPublished();
    await publishEvent(nc, valid);

    const { handler, calls } = recordingHandler();
    const running = await startConsumers({ nc, context: 'feed', handlers: [handler], logger });
    await waitFor(() => calls.length === 1, { message: 'the valid event to be handled' });
    await settled(nc);
    await running.stop();

    expect(calls[0]!.event.id).toBe(valid.id);
    const dead = await readStream(nc, 'DLQ');
    expect(dead).toHaveLength(2);
    expect(dead[0]!.header?.get(DEAD_LETTER_HEADERS.error)).toMatch(/^contract violation: .*payload\.postId/);
    expect(dead[0]!.header?.get(DEAD_LETTER_HEADERS.deliveryCount)).toBe('1');
    expect(dead[1]!.string()).toBe('this is not JSON');
  });

  it('resumes a durable consumer after a restart without redelivering acknowledged messages', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    await ensureStreams(nc, [STREAMS.POSTS]);
    const first = [aPostPublished(), aPostPublished()];
    for (const event of first) await publishEvent(nc, event);

    const before = recordingHandler();
    const running = await startConsumers({ nc, context: 'feed', handlers: [before.handler], logger });
    await waitFor(() => before.calls.length === 2, { message: 'the first two events' });
    await settled(nc);
    await running.stop();

    const later = aPostPublished();
    await publishEvent(nc, later);

    const after = recordingHandler();
    const restarted = await startConsumers({ nc, context: 'feed', handlers: [after.handler], logger });
    await waitFor(() => after.calls.length === 1, { message: 'the event published while stopped' });
    const info = await settled(nc);
    await restarted.stop();

    expect(before.calls.map((call) => call.event.id)).toEqual(first.map((event) => event.id));
    expect(after.calls.map((call) => call.event.id)).toEqual([later.id]);
    expect(after.calls[0]!.context.deliveryCount).toBe(1);
    expect(info.delivered.stream_seq).toBe(3);
    expect(info.num_redelivered).toBe(0);
  });

  it('keeps consuming after the NATS server restarts', async () => {
    const { nc, logger, server } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const { handler, calls } = recordingHandler();
    const running = await startConsumers({ nc, context: 'feed', handlers: [handler], logger });
    const first = aPostPublished();
    await publishEvent(nc, first);
    await waitFor(() => calls.length === 1, { message: 'the first event' });
    await settled(nc);

    await server.stop();
    await server.restart();
    await waitFor(() => isNatsConnected(nc), { message: 'the reconnect' });
    const second = aPostPublished();
    await publishEvent(nc, second);
    await waitFor(() => calls.some((call) => call.event.id === second.id), { message: 'the event published after the restart' });
    await settled(nc);
    await running.stop();

    expect(calls[0]!.event.id).toBe(first.id);
    expect(calls.filter((call) => call.event.id === second.id)).toHaveLength(1);
    // At least once, not exactly once: JetStream persists consumer acks asynchronously, so a
    // restart right after an ack may deliver the first event again (the inbox absorbs that).
    expect(calls.every((call) => call.event.id === first.id || call.event.id === second.id)).toBe(true);
  });

  it('stop() waits for the handler in flight, which still acks', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    await publishEvent(nc, aPostPublished());

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { handler, calls } = recordingHandler(() => gate);
    const running = await startConsumers({ nc, context: 'feed', handlers: [handler], logger });
    await waitFor(() => calls.length === 1, { message: 'the handler to start' });

    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await settled(nc);
  });

  it('updates an existing consumer whose ack_wait changed', async () => {
    const { nc, logger } = nats();
    await ensureStreams(nc, [STREAMS.POSTS]);
    const { handler } = recordingHandler();
    await (await startConsumers({ nc, context: 'feed', handlers: [handler], logger, ackWaitMs: 1_000 })).stop();
    const again = await startConsumers({ nc, context: 'feed', handlers: [handler], logger, ackWaitMs: 3_000 });
    await again.stop();
    expect((await consumerInfo(nc, 'POSTS', DURABLE)).config.ack_wait).toBe(nanos(3_000));
  });

  it('rejects two handlers that map to the same durable name', async () => {
    const { nc, logger } = nats();
    const { handler } = recordingHandler();
    await expect(startConsumers({ nc, context: 'feed', handlers: [handler, { ...handler }], logger })).rejects.toThrow(
      /map to the consumer name/,
    );
  });
});
