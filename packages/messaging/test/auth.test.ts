import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostPublishedV1, STREAMS, type EventEnvelope } from '@agora/events';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Status } from '@nats-io/transport-node';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import {
  connectNats,
  DEAD_LETTER_HEADERS,
  ensureStreams,
  generateNatsUsers,
  isPermissionViolation,
  NatsAuthorizationError,
  NATS_ADMIN_USER,
  startConsumers,
  type NatsConnection,
  type NatsUser,
} from '../src/index';
import { captureLogger } from './support/capture-logger';
import { aPostPublished } from './support/event-mother';
import { readStream } from './support/jetstream';

/** One server with the generated users for the whole file (cheap: one nats-server). */
let server: NatsServer;
let users: NatsUser[];
const open: NatsConnection[] = [];

beforeAll(async () => {
  users = generateNatsUsers();
  server = await startNats({ auth: { users } });
});
afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await server?.stop();
});

async function connectAs(user: string): Promise<NatsConnection> {
  const password = users.find((candidate) => candidate.user === user)!.password;
  const nc = await connectNats({
    servers: server.url,
    name: `auth-test-${user}`,
    logger: captureLogger(),
    user,
    pass: password,
    reconnectTimeWaitMs: 100,
  });
  open.push(nc);
  return nc;
}

/** The server's async errors on this connection (a refused publish or subscription lands here). */
function asyncErrors(nc: NatsConnection): string[] {
  const errors: string[] = [];
  void (async () => {
    for await (const status of nc.status() as AsyncIterable<Status>) if (status.type === 'error') errors.push(status.error.message);
  })();
  return errors;
}

describe('NATS with generated credentials and per-context permissions', () => {
  it('refuses an anonymous connection and a wrong password at once, as a start-up error (no retry loop)', async () => {
    const started = Date.now();
    const anonymous = await connectNats({ servers: server.url, name: 'anon', logger: captureLogger() }).catch((error: unknown) => error);
    expect(anonymous).toBeInstanceOf(NatsAuthorizationError);
    expect((anonymous as Error).message).toMatch(
      /NATS refused the authorization for an anonymous connection .*NATS_USER and NATS_PASSWORD/,
    );

    const wrong = await connectNats({
      servers: server.url,
      name: 'wrong',
      logger: captureLogger(),
      user: 'posts',
      pass: 'not-the-password',
    }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(NatsAuthorizationError);
    expect((wrong as Error).message).toContain('user "posts"');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lets each context ensure its own stream and wait for the ones it consumes, whatever the start order', async () => {
    const feed = await connectAs('feed');
    const logger = captureLogger();
    // feed consumes SOCIAL and POSTS; it may not create them, so it waits for their owners.
    let feedReady = false;
    const feedStreams = ensureStreams(feed, [STREAMS.FEED, STREAMS.SOCIAL, STREAMS.POSTS], { logger, waitIntervalMs: 100 }).then(() => {
      feedReady = true;
    });
    await waitFor(() => logger.find('waiting for stream (its owning context creates it)').length > 0, {
      message: 'feed to wait for a stream',
    });
    expect(feedReady).toBe(false);

    await ensureStreams(await connectAs('posts'), [STREAMS.POSTS]);
    expect(feedReady).toBe(false);
    await ensureStreams(await connectAs('social'), [STREAMS.SOCIAL]);
    await feedStreams;

    const jsm = await jetstreamManager(feed);
    expect((await jsm.streams.info('FEED')).config.subjects).toEqual(['feed.>']);
    expect((await jsm.streams.info('SOCIAL')).config.subjects).toEqual(['social.>']);
    expect((await jsm.streams.info('DLQ')).config.subjects).toEqual(['dlq.>']);
    // A consumer may not change a stream it does not own.
    const update = await jsm.streams.update('POSTS', { max_msgs: 5 }).catch((error: unknown) => error);
    expect(isPermissionViolation(update)).toBe(true);
  });

  it("refuses to publish another context's subject, and accepts its own", async () => {
    const posts = await connectAs('posts');
    await ensureStreams(posts, [STREAMS.POSTS]);
    const js = jetstream(posts);
    const ack = await js.publish('posts.post.published.v1', JSON.stringify(aPostPublished()));
    expect(ack.stream).toBe('POSTS');

    const errors = asyncErrors(posts);
    const refused = await js.publish('social.follow.created.v1', '{}', { timeout: 3_000 }).catch((error: unknown) => error);
    expect(isPermissionViolation(refused)).toBe(true);
    expect(String((refused as Error).message)).toMatch(/Permissions Violation for Publish to "social\.follow\.created\.v1"/);
    // A plain publish has no answer: the server's refusal arrives on the connection's status.
    posts.publish('identity.account.registered.v1', '{}');
    posts.publish('dlq.social.social--x.posts.post.published.v1', '{}');
    await posts.flush();
    await waitFor(() => errors.some((error) => error.includes('"dlq.social.social--x.posts.post.published.v1"')), {
      message: 'the refusal of a DLQ subject of another context',
    });
    expect(errors.some((error) => error.includes('Permissions Violation for Publish to "identity.account.registered.v1"'))).toBe(true);
    expect(posts.isClosed()).toBe(false);

    // Nothing reached the stream that must not.
    const admin = await connectAs(NATS_ADMIN_USER);
    await ensureStreams(admin, [STREAMS.IDENTITY]);
    expect((await (await jetstreamManager(admin)).streams.info('IDENTITY')).state.messages).toBe(0);
  });

  it('refuses a consumer on a stream the context does not consume, and subscriptions to other inboxes', async () => {
    const admin = await connectAs(NATS_ADMIN_USER);
    await ensureStreams(admin, [STREAMS.COMMENTS]);
    const feed = await connectAs('feed');
    const jsm = await jetstreamManager(feed);
    const created = await jsm.consumers.add('COMMENTS', { durable_name: 'feed--sneak' }).catch((error: unknown) => error);
    expect(isPermissionViolation(created)).toBe(true);
    const info = await jsm.streams.info('COMMENTS').catch((error: unknown) => error);
    expect(isPermissionViolation(info)).toBe(true);

    const errors = asyncErrors(feed);
    feed.subscribe('_INBOX_posts.>');
    feed.subscribe('posts.>');
    await feed.flush();
    await waitFor(() => errors.filter((error) => /Permissions Violation for Subscription/.test(error)).length === 2, {
      message: 'both subscriptions to be refused',
    });
  });

  it('consumes a permitted stream and dead-letters under its own DLQ subjects', async () => {
    const posts = await connectAs('posts');
    await ensureStreams(posts, [STREAMS.POSTS]);
    const feed = await connectAs('feed');
    await ensureStreams(feed, [STREAMS.FEED, STREAMS.POSTS]);

    const good = aPostPublished();
    const bad = aPostPublished({ body: 'fail me' });
    const handled: string[] = [];
    const running = await startConsumers({
      nc: feed,
      context: 'feed',
      logger: captureLogger(),
      maxDeliver: 1,
      ackWaitMs: 2_000,
      handlers: [
        {
          name: 'AuthTestOnPostPublished',
          contract: PostPublishedV1 as never,
          async handle(event: EventEnvelope) {
            if ((event.payload as { body: string }).body === 'fail me') throw new Error('refused by the test');
            handled.push(event.id);
          },
        },
      ],
    });
    try {
      const js = jetstream(posts);
      for (const event of [good, bad]) await js.publish(event.type, JSON.stringify(event), { msgID: event.id });
      await waitFor(() => handled.includes(good.id), { message: 'feed to handle the permitted event' });

      const admin = await connectAs(NATS_ADMIN_USER);
      const dead = await waitFor(
        async () =>
          (await readStream(admin, 'DLQ')).find(
            (msg) => msg.header?.get(DEAD_LETTER_HEADERS.durable) === 'feed--auth-test-on-post-published',
          ),
        {
          message: 'the failing event to be dead-lettered',
        },
      );
      expect(dead.subject).toBe('dlq.feed.feed--auth-test-on-post-published.posts.post.published.v1');
    } finally {
      await running.stop();
    }
  });
});
