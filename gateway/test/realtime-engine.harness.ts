/**
 * What the realtime engine tests share: a real nats-server with the producing contexts' streams,
 * three small real subgraphs (posts, comments, notifications, built with @apollo/subgraph and
 * served over HTTP on 127.0.0.1) composed with realtime's real schema, the gateway's own
 * AgoraDataSource (signed identity header) and an in-memory world the subgraphs answer from, so
 * a test can change who sees what and watch the engine react.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommentAddedV1, NotificationCreatedV1, STREAMS, createEvent, type EventContract } from '@agora/events';
import { connectNats, ensureStreams, type NatsConnection } from '@agora/messaging';
import { realtimeTypeDefs } from '@agora/realtime';
import { createLogger, verifyIdentityHeader, type Viewer } from '@agora/service-kit';
import { publishEnvelope, startNats, waitFor, type NatsServer } from '@agora/testing';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import express from 'express';
import { parse, type DocumentNode } from 'graphql';
import type { RealtimeConfig } from '../src/config';
import { createRealtimeEngine } from '../src/realtime/engine';
import type { RealtimeEngine, RealtimeMessage, SubscribeRequest, SubscribeResult } from '../src/realtime/engine/types';
import { AgoraDataSource } from '../src/subgraphs/agora-data-source';
import { composeSupergraph } from '../src/supergraph/compose';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

const SDL = {
  posts: `${LINK}
    type Query { post(id: ID!): Post }
    type Post @key(fields: "id") {
      id: ID!
      body: String!
      "The username of the viewer the subgraph resolved this for (proves the identity header)."
      seenBy: String!
    }`,
  comments: `${LINK}
    type Comment @key(fields: "id") { id: ID! body: String! }
    type Post @key(fields: "id") { id: ID! commentCount: Int! }`,
  notifications: `${LINK}
    type Notification @key(fields: "id") { id: ID! message: String! post: Post }
    type Post @key(fields: "id", resolvable: false) { id: ID! }`,
};

export interface PostRecord {
  body: string;
  /** Who may see it; `public` = everyone signed in. */
  audience: 'public' | Set<string>;
}

/** What the fixture subgraphs know; tests mutate it. */
export class World {
  readonly posts = new Map<string, PostRecord>();
  readonly comments = new Map<string, { body: string; postId: string }>();
  readonly notifications = new Map<string, { recipientId: string; message: string; postId: string | null }>();

  canSee(viewer: Viewer | null, postId: string): boolean {
    const post = this.posts.get(postId);
    if (!post || !viewer) return false;
    return post.audience === 'public' || post.audience.has(viewer.userId);
  }

  addPost(body: string, audience: PostRecord['audience'] = 'public'): string {
    const id = randomUUID();
    this.posts.set(id, { body, audience });
    return id;
  }
}

export interface ReceivedRequest {
  viewer: string | null;
  query: string;
  variables: Record<string, unknown>;
}

export interface FixtureServer {
  name: string;
  url: string;
  received: ReceivedRequest[];
  /** A viewer's requests wait for the promise before they are answered (a slow subgraph for them). */
  readonly holds: Map<string, Promise<void>>;
  close(): Promise<void>;
}

interface Ctx {
  viewer: Viewer | null;
}

async function serveSubgraph(name: string, sdl: string, resolvers: object, secret: string): Promise<FixtureServer> {
  const apollo = new ApolloServer<Ctx>({
    schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const received: ReceivedRequest[] = [];
  const app = express();
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers['x-agora-identity'];
        const viewer = await verifyIdentityHeader(typeof header === 'string' ? header : undefined, secret);
        received.push({ viewer: viewer?.username ?? null, query: String(req.body?.query ?? ''), variables: req.body?.variables ?? {} });
        await fixture.holds.get(viewer?.username ?? '');
        return { viewer };
      },
    }),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fixture: FixtureServer = {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    holds: new Map(),
    async close() {
      await apollo.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fixture;
}

/** Reads a subscription's messages in the background, as a transport would. */
export class Collector {
  readonly messages: RealtimeMessage[] = [];
  done = false;
  private readonly loop: Promise<void>;

  constructor(iterable: AsyncIterable<RealtimeMessage>) {
    this.loop = (async () => {
      for await (const message of iterable) this.messages.push(message);
      this.done = true;
    })();
  }

  /** Waits until `count` messages arrived; returns them. */
  async first(count: number, timeoutMs = 10_000): Promise<RealtimeMessage[]> {
    await waitFor(() => this.messages.length >= count, { timeoutMs, message: `${count} messages (have ${this.messages.length})` });
    return this.messages.slice(0, count);
  }

  async ended(timeoutMs = 10_000): Promise<RealtimeMessage[]> {
    await waitFor(() => this.done, { timeoutMs, message: 'the subscription to end' });
    await this.loop;
    return this.messages;
  }

  /** The payloads' data (messages carrying only errors excluded). */
  data(): unknown[] {
    return this.messages.filter((message) => message.payload.data !== undefined).map((message) => message.payload.data);
  }
}

export interface Subscribed {
  result: SubscribeResult;
  collector: Collector | undefined;
  abort(): void;
}

export interface RealtimeHarness {
  nats: NatsServer;
  nc: NatsConnection;
  js: JetStreamClient;
  world: World;
  posts: FixtureServer;
  comments: FixtureServer;
  notifications: FixtureServer;
  supergraphSdl: string;
  engine: RealtimeEngine;
  /** Another engine on the same NATS and subgraphs (e.g. with other limits); closed with the harness. */
  startEngine(limits?: Partial<RealtimeConfig>): Promise<RealtimeEngine>;
  viewer(name?: string): Viewer;
  /** Publishes to the producing context's stream, as its outbox relay would (REALTIME sources it). */
  publish<P>(contract: EventContract<string, P>, payload: P, aggregateId?: string): Promise<void>;
  /** A notification for `recipient` in the fixture world, announced as notifications would; its id. */
  notify(recipient: Viewer, message: string, postId?: string | null): Promise<string>;
  /** A comment on `postId` in the fixture world, announced as comments would; its id. */
  addComment(postId: string, body: string): Promise<string>;
  subscribe(
    viewer: Viewer | null,
    query: string | DocumentNode,
    options?: { variables?: Record<string, unknown>; after?: string; engine?: RealtimeEngine; operationName?: string; read?: boolean },
  ): Promise<Subscribed>;
  /** The REALTIME stream's last sequence (after the sources copied what was published). */
  realtimeLastSeq(): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: RealtimeConfig = {
  natsServers: '',
  maxSubscriptionsPerConnection: 50,
  maxSubscriptionsPerViewer: 4,
  maxMessageBytes: 64 * 1024,
  keepAliveMs: 15_000,
  bufferMessages: 200,
};

export async function startRealtimeHarness(limits: Partial<RealtimeConfig> = {}): Promise<RealtimeHarness> {
  const secret = randomBytes(32).toString('hex');
  const logger = createLogger('realtime-engine-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const world = new World();
  const nats = await startNats();
  const nc = await connectNats({ servers: nats.url, name: 'realtime-engine-test', logger, reconnectTimeWaitMs: 100 });
  const js = jetstream(nc);
  const { NOTIFICATIONS, FEED, POSTS, COMMENTS, REACTIONS, SOCIAL } = STREAMS;
  await ensureStreams(nc, [NOTIFICATIONS, FEED, POSTS, COMMENTS, REACTIONS, SOCIAL]);

  const postFor = (id: string, viewer: Viewer | null) => {
    const post = world.posts.get(id);
    return post && world.canSee(viewer, id) ? { id, body: post.body, seenBy: viewer!.username } : null;
  };
  const posts = await serveSubgraph(
    'posts',
    SDL.posts,
    {
      Query: { post: (_: unknown, args: { id: string }, ctx: Ctx) => postFor(args.id, ctx.viewer) },
      Post: { __resolveReference: (ref: { id: string }, ctx: Ctx) => postFor(ref.id, ctx.viewer) },
    },
    secret,
  );
  const comments = await serveSubgraph(
    'comments',
    SDL.comments,
    {
      Comment: {
        __resolveReference: (ref: { id: string }, ctx: Ctx) => {
          const comment = world.comments.get(ref.id);
          return comment && world.canSee(ctx.viewer, comment.postId) ? { id: ref.id, body: comment.body } : null;
        },
      },
      Post: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        commentCount: (post: { id: string }) => [...world.comments.values()].filter((comment) => comment.postId === post.id).length,
      },
    },
    secret,
  );
  const notifications = await serveSubgraph(
    'notifications',
    SDL.notifications,
    {
      Notification: {
        // A notification resolves only for its recipient.
        __resolveReference: (ref: { id: string }, ctx: Ctx) => {
          const notification = world.notifications.get(ref.id);
          if (!notification || notification.recipientId !== ctx.viewer?.userId) return null;
          return {
            id: ref.id,
            message: notification.message,
            post: notification.postId && { __typename: 'Post', id: notification.postId },
          };
        },
      },
    },
    secret,
  );

  const composed = composeSupergraph([
    { name: 'posts', url: posts.url, sdl: SDL.posts },
    { name: 'comments', url: comments.url, sdl: SDL.comments },
    { name: 'notifications', url: notifications.url, sdl: SDL.notifications },
    // Served by the gateway: composition only needs some URL for it.
    { name: 'realtime', url: 'http://127.0.0.1:1/graphql', sdl: realtimeTypeDefs() },
  ]);
  if (!composed.ok) throw new Error(`composition failed: ${composed.errors.map((error) => error.message).join('; ')}`);
  const supergraphSdl = composed.supergraphSdl;
  const urls = new Map([posts, comments, notifications].map((server) => [server.name, server.url]));
  const dataSources = new Map<string, AgoraDataSource>();
  const dataSource = (name: string) => {
    const url = urls.get(name);
    if (!url) return undefined;
    let source = dataSources.get(name);
    if (!source) dataSources.set(name, (source = new AgoraDataSource({ name, url }, secret)));
    return source;
  };

  const engines: RealtimeEngine[] = [];
  const startEngine = async (overrides: Partial<RealtimeConfig> = {}) => {
    const engine = await createRealtimeEngine({
      supergraphSdl,
      dataSource,
      nats: nc,
      logger,
      limits: { ...DEFAULT_LIMITS, natsServers: nats.url, ...limits, ...overrides },
    });
    engines.push(engine);
    return engine;
  };
  const engine = await startEngine();
  const aborts: AbortController[] = [];

  let users = 0;
  const harness: RealtimeHarness = {
    nats,
    nc,
    js,
    world,
    posts,
    comments,
    notifications,
    supergraphSdl,
    engine,
    startEngine,
    viewer: (name = 'user') => ({ userId: randomUUID(), username: `${name}-${++users}` }),
    async publish(contract, payload, aggregateId = randomUUID()) {
      await publishEnvelope(js, createEvent(contract, { aggregateId, aggregateVersion: 1, payload }));
    },
    async notify(recipient, message, postId = null) {
      const notificationId = randomUUID();
      world.notifications.set(notificationId, { recipientId: recipient.userId, message, postId });
      const payload = {
        notificationId,
        recipientId: recipient.userId,
        kind: 'COMMENTED' as const,
        actorId: randomUUID(),
        postId,
        commentId: null,
        createdAt: now(),
      };
      await harness.publish(NotificationCreatedV1, payload, notificationId);
      return notificationId;
    },
    async addComment(postId, body) {
      const commentId = randomUUID();
      world.comments.set(commentId, { body, postId });
      await harness.publish(CommentAddedV1, {
        commentId,
        postId,
        postAuthorId: randomUUID(),
        parentId: null,
        parentAuthorId: null,
        authorId: randomUUID(),
        body,
        createdAt: now(),
      });
      return commentId;
    },
    async subscribe(viewer, query, options = {}) {
      const controller = new AbortController();
      aborts.push(controller);
      const request: SubscribeRequest = {
        document: typeof query === 'string' ? parse(query) : query,
        operationName: options.operationName ?? null,
        variables: options.variables ?? null,
        viewer,
        requestId: `test-${randomUUID()}`,
        signal: controller.signal,
        ...(options.after !== undefined && { after: options.after }),
      };
      const result = await (options.engine ?? engine).subscribe(request);
      const collector = result.ok && options.read !== false ? new Collector(result.messages) : undefined;
      return { result, collector, abort: () => controller.abort() };
    },
    async realtimeLastSeq() {
      const jsm = await js.jetstreamManager();
      return (await jsm.streams.info('REALTIME')).state.last_seq;
    },
    async close() {
      for (const controller of aborts) controller.abort();
      await Promise.all(engines.map((running) => running.close()));
      await Promise.all([posts.close(), comments.close(), notifications.close()]);
      await nc.close();
      await nats.stop();
    },
  };
  return harness;
}

/** The `extensions` of a refusal's (or a last message's) first error. */
export function firstErrorOf(result: SubscribeResult | RealtimeMessage | undefined): Record<string, unknown> | undefined {
  if (!result) return undefined;
  if ('ok' in result) return result.ok ? undefined : { message: result.errors[0]?.message, ...result.errors[0]?.extensions };
  const error = result.payload.errors?.[0];
  return error && { message: error.message, ...error.extensions };
}

export const now = (): string => new Date().toISOString();
