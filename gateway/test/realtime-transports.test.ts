/**
 * The subscription transports through the real gateway app (startGateway): fixture subgraphs
 * for queries, a local JWKS minting EdDSA access tokens, real NATS (the gateway connects it in
 * the background), and a FAKE realtime engine injected through `realtimeEngine`, so what is
 * observed is the transports and the wiring alone: auth and expiry, limits, resume positions,
 * refusals, queries over WebSocket/SSE, backpressure and shutdown. Clients are the real ones:
 * graphql-ws's client over `ws`, graphql-sse's client in distinct-connections mode, and raw
 * HTTP for the SSE lines those clients hide (`id:`, `retry:`, comments).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { verifyIdentityHeader, type Viewer } from '@agora/service-kit';
import { freePort, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient, type ExecutionResult as WsResult } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app';
import { loadGatewayConfig, type GatewayConfig } from '../src/config';
import type { RealtimeEngine, RealtimeEngineOptions, RealtimeMessage, SubscribeRequest } from '../src/realtime/engine/types';
import { AgoraDataSource } from '../src/subgraphs/agora-data-source';
import { composeSupergraph, renderSupergraphFile } from '../src/supergraph/compose';
import { FIXTURES_DIR, startFixtureSubgraph, type FixtureSubgraph } from './support/fixture-subgraph';
import { startJwksServer, type JwksServer } from './support/jwks-server';

// ── limits chosen small enough to reach in a test ──────────────────────────────────────────
const MAX_PER_CONNECTION = 3;
const MAX_MESSAGE_BYTES = 8 * 1024;
const KEEPALIVE_MS = 1_000;
const BUFFER_MESSAGES = 8;

/** The realtime subgraph of this supergraph: two Subscription fields over the fixtures' entities. */
const REALTIME_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Subscription {
  noteAdded: Note!
  userChanged(id: ID!): User!
}
type Note @key(fields: "id", resolvable: false) { id: ID! }
type User @key(fields: "id", resolvable: false) { id: ID! }
`;

const NOTE_ADDED = 'subscription NoteAdded { noteAdded { id } }';
const ME = '{ me { id username } }';
/** `userChanged { bestFriend { … { id } } }` with `levels` bestFriends (depth = levels + 2). */
const deepSubscription = (levels: number) =>
  `subscription { userChanged(id: "user-1") { ${'bestFriend { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

// ── a fake engine: records what the transports hand it, streams what the test pushes ───────

/** Like the real engine's queue: the transport pulls; more than `limit` waiting → SLOW_CONSUMER end. */
class FakeSubscription implements AsyncIterable<RealtimeMessage> {
  private readonly buffer: RealtimeMessage[] = [];
  private reader: ((step: IteratorResult<RealtimeMessage>) => void) | undefined;
  finished = false;
  overflowed = false;
  lastTaken: string | undefined;
  returned = false;

  constructor(
    readonly request: SubscribeRequest,
    private readonly limit: number,
  ) {
    request.signal.addEventListener('abort', () => this.finish());
  }

  push(id: string, payload: ExecutionResult): void {
    if (this.finished) return;
    this.deliver({ id, payload });
    if (this.buffer.length > this.limit) {
      this.overflowed = true;
      this.buffer.length = 0;
      this.end([slowConsumerError()]);
    }
  }

  /** Ends the stream, with a last errors-only message when `errors` are given. */
  end(errors?: GraphQLError[]): void {
    if (this.finished) return;
    if (errors) this.deliver({ id: this.lastTaken ?? '0', payload: { errors } });
    this.finish();
  }

  finish(): void {
    this.finished = true;
    if (this.reader && this.buffer.length === 0) {
      const reader = this.reader;
      this.reader = undefined;
      reader({ done: true, value: undefined });
    }
  }

  private deliver(message: RealtimeMessage): void {
    if (this.reader) {
      const reader = this.reader;
      this.reader = undefined;
      this.lastTaken = message.id;
      reader({ done: false, value: message });
    } else this.buffer.push(message);
  }

  [Symbol.asyncIterator](): AsyncIterator<RealtimeMessage> {
    return {
      next: () => {
        const value = this.buffer.shift();
        if (value) {
          this.lastTaken = value.id;
          return Promise.resolve({ done: false, value });
        }
        if (this.finished) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (this.reader = resolve));
      },
      return: () => {
        this.returned = true;
        this.buffer.length = 0;
        this.finish();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }
}

const slowConsumerError = () =>
  new GraphQLError('Too many messages were waiting', { extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.SLOW_CONSUMER' } });

class FakeEngine implements RealtimeEngine {
  readonly subscriptions: FakeSubscription[] = [];
  /** Answers a refusal for a request, or undefined to subscribe it. */
  refuse: (request: SubscribeRequest) => readonly GraphQLError[] | undefined = () => undefined;
  closed = false;

  constructor(readonly options: RealtimeEngineOptions) {}

  async subscribe(request: SubscribeRequest) {
    const errors = this.refuse(request);
    if (errors) return { ok: false as const, errors };
    const subscription = new FakeSubscription(request, this.options.limits.bufferMessages);
    this.subscriptions.push(subscription);
    return { ok: true as const, messages: subscription };
  }

  activeSubscriptions(): number {
    return this.subscriptions.filter((s) => !s.finished).length;
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.finish();
  }

  /** The next subscription to arrive after `count` (waits for it). */
  async nth(index: number): Promise<FakeSubscription> {
    return waitFor(() => this.subscriptions[index], { message: `subscription #${index + 1} at the engine` });
  }
}

// ── clients ─────────────────────────────────────────────────────────────────────────────────

interface Recorded {
  results: WsResult[];
  error: unknown;
  completed: boolean;
  ended: Promise<void>;
  dispose(): void;
}

function record(subscribe: (sink: { next(r: unknown): void; error(e: unknown): void; complete(): void }) => () => void): Recorded {
  let end!: () => void;
  const recorded: Recorded = {
    results: [],
    error: undefined,
    completed: false,
    ended: new Promise<void>((resolve) => (end = resolve)),
    dispose: () => undefined,
  };
  recorded.dispose = subscribe({
    next: (result) => recorded.results.push(result as WsResult),
    error: (error) => {
      recorded.error = error;
      end();
    },
    complete: () => {
      recorded.completed = true;
      end();
    },
  });
  return recorded;
}

interface WsConnection {
  client: WsClient;
  closes: { code: number; reason: string }[];
  socket(): WebSocket;
  pongs: number;
  subscribe(query: string, extensions?: Record<string, unknown>, variables?: Record<string, unknown>, operationName?: string): Recorded;
}

const codes = (errors: unknown): { code: unknown; reason: unknown }[] =>
  (Array.isArray(errors) ? errors : []).map((e: { extensions?: Record<string, unknown> }) => ({
    code: e.extensions?.code,
    reason: e.extensions?.reason,
  }));

const within = <T>(promise: Promise<T>, ms = 10_000, what = 'the awaited event'): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

describe('realtime transports through the gateway (fake engine)', () => {
  let nats: NatsServer;
  let natsPort: number;
  let jwks: JwksServer;
  let accounts: FixtureSubgraph;
  let notes: FixtureSubgraph;
  let dir: TempDir;
  let config: GatewayConfig;
  let gateway: RunningGateway;
  let engine: FakeEngine | undefined;
  let engineFactoryCalls = 0;
  let internalSecret: string;
  const wsClients: WsClient[] = [];
  let ada: string;
  let grace: string;

  const wsUrl = () => gateway.url.replace(/^http/, 'ws');
  const streamUrl = () => `${gateway.url}/stream`;
  const fake = () => {
    if (!engine) throw new Error('the engine is not attached');
    return engine;
  };

  function connect(token: string | null, options: { keepAlive?: number } = {}): WsConnection {
    const closes: { code: number; reason: string }[] = [];
    let socket: WebSocket | undefined;
    const connection: WsConnection = {
      client: undefined as unknown as WsClient,
      closes,
      socket: () =>
        socket ??
        (() => {
          throw new Error('not connected');
        })(),
      pongs: 0,
      subscribe: (query, extensions, variables, operationName) =>
        record((sink) =>
          connection.client.subscribe(
            { query, ...(variables && { variables }), ...(extensions && { extensions }), ...(operationName && { operationName }) },
            sink,
          ),
        ),
    };
    connection.client = createWsClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      // Lazy, but keeps the socket between operations (a close here would be the server's).
      lazyCloseTimeout: 60_000,
      keepAlive: options.keepAlive ?? 0,
      on: {
        connected: (s) => (socket = s as WebSocket),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: unknown };
          closes.push({ code, reason: String(reason) });
        },
        pong: (received) => void (received && connection.pongs++),
      },
    });
    wsClients.push(connection.client);
    return connection;
  }

  /** Sends graphql-ws's ping with a token (the documented refresh) and waits for its pong. */
  async function refresh(connection: WsConnection, authorization: string): Promise<void> {
    const before = connection.pongs;
    connection.socket().send(JSON.stringify({ type: 'ping', payload: { authorization } }));
    await waitFor(() => connection.pongs > before || connection.closes.length > 0, { message: 'pong' });
  }

  beforeAll(async () => {
    internalSecret = randomBytes(32).toString('hex');
    jwks = await startJwksServer();
    const viewerOf = async (headers: Record<string, string | string[] | undefined>) => {
      const header = headers['x-agora-identity'];
      return { viewer: await verifyIdentityHeader(typeof header === 'string' ? header : undefined, internalSecret) };
    };
    accounts = await startFixtureSubgraph<{ viewer: Viewer | null }>({
      name: 'accounts',
      sdlFile: 'accounts.graphql',
      context: viewerOf,
      resolvers: {
        Query: {
          me: (_: unknown, __: unknown, ctx: { viewer: Viewer | null }) =>
            ctx.viewer ? { id: ctx.viewer.userId, username: ctx.viewer.username } : null,
        },
      },
    });
    notes = await startFixtureSubgraph<{ viewer: Viewer | null }>({
      name: 'notes',
      sdlFile: 'notes.graphql',
      context: viewerOf,
      resolvers: { Query: { notes: () => [{ id: 'note-1', text: 'hello', authorId: 'user-1' }] } },
    });
    dir = await tempDir('agora-realtime-transports-');
    const composed = composeSupergraph([
      {
        name: 'accounts',
        url: 'http://localhost:4901/graphql',
        sdl: await readFile(join(FIXTURES_DIR, 'sdl', 'accounts.graphql'), 'utf8'),
      },
      { name: 'notes', url: 'http://localhost:4902/graphql', sdl: await readFile(join(FIXTURES_DIR, 'sdl', 'notes.graphql'), 'utf8') },
      { name: 'realtime', url: 'http://localhost:4000/graphql', sdl: REALTIME_SDL },
    ]);
    if (!composed.ok) throw new Error(composed.errors.map((e) => e.message).join('; '));
    const supergraphPath = join(dir.path, 'supergraph.graphql');
    await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, ['accounts', 'notes', 'realtime']));

    // NATS is not running yet: the gateway must serve queries and be ready without it.
    natsPort = await freePort();
    config = loadGatewayConfig({
      HOST: '127.0.0.1',
      GATEWAY_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: supergraphPath,
      IDENTITY_JWKS_URL: jwks.jwksUrl,
      AGORA_INTERNAL_SECRET: internalSecret,
      ACCOUNTS_URL: accounts.url,
      NOTES_URL: notes.url,
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      REALTIME_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(MAX_PER_CONNECTION),
      REALTIME_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      REALTIME_KEEPALIVE_MS: String(KEEPALIVE_MS),
      REALTIME_BUFFER_MESSAGES: String(BUFFER_MESSAGES),
      AGORA_RATE_LIMITS: 'off',
    });
    gateway = await startGateway(config, {
      realtimeEngine: async (options) => {
        engineFactoryCalls++;
        engine = new FakeEngine(options);
        return engine;
      },
    });
    await gateway.ready;
    ada = await jwks.sign({ sub: 'user-1', username: 'ada' });
    grace = await jwks.sign({ sub: 'user-2', username: 'grace' });
  });

  afterAll(async () => {
    await Promise.all(wsClients.map((c) => c.dispose()));
    await gateway?.close();
    await Promise.all([accounts?.close(), notes?.close(), jwks?.close(), nats?.stop()]);
    await dir?.remove();
  });

  describe('before NATS is there', () => {
    it('is ready and serves queries; /health/ready reports realtime: false', async () => {
      const health = await fetch(gateway.url.replace(/\/graphql$/, '/health/ready'));
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ready: true, checks: { supergraph: true, realtime: false, revocations: false } });
      const ws = connect(ada);
      const me = ws.subscribe(ME);
      await within(me.ended);
      expect(me.results).toEqual([{ data: { me: { id: 'user-1', username: 'ada' } } }]);
      expect(engineFactoryCalls).toBe(0);
    });

    it('refuses subscriptions with SERVICE_UNAVAILABLE / REALTIME.UNAVAILABLE on both transports', async () => {
      const viaWs = connect(ada).subscribe(NOTE_ADDED);
      await within(viaWs.ended);
      expect(codes(viaWs.error)).toEqual([{ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.UNAVAILABLE' }]);

      const viaSse = await sse(NOTE_ADDED, { token: ada });
      await viaSse.ended;
      expect(viaSse.status).toBe(200);
      expect(viaSse.frames.map((f) => f.event)).toEqual(['next', 'complete']);
      expect(codes(JSON.parse(viaSse.frames[0]!.data).errors)).toEqual([{ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.UNAVAILABLE' }]);
    });

    it("attaches the engine once NATS answers, with the gateway's supergraph, data sources and limits", async () => {
      nats = await startNats({ port: natsPort });
      await waitFor(() => gateway.isRealtimeReady(), { timeoutMs: 15_000, message: 'the realtime engine attached' });
      expect(engineFactoryCalls).toBe(1);
      const { options } = fake();
      expect(options.supergraphSdl).toBe(await readFile(config.supergraphPath, 'utf8'));
      expect(options.dataSource('notes')).toBeInstanceOf(AgoraDataSource);
      expect(options.dataSource('accounts')).toBeInstanceOf(AgoraDataSource);
      // Served by the gateway itself: the engine runs its fetches locally.
      expect(options.dataSource('realtime')).toBeUndefined();
      expect(options.limits).toEqual(config.realtime);
      expect(options.nats.isClosed()).toBe(false);
      const health = await fetch(gateway.url.replace(/\/graphql$/, '/health/ready'));
      expect(await health.json()).toEqual({ ready: true, checks: { supergraph: true, realtime: true, revocations: true } });
    });
  });

  describe('HTTP POST /graphql', () => {
    it('refuses a subscription with 400 BAD_REQUEST / GATEWAY.SUBSCRIPTION_TRANSPORT naming both endpoints', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ada}` },
        body: JSON.stringify({ query: NOTE_ADDED }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'GATEWAY.SUBSCRIPTION_TRANSPORT' });
      expect(body.errors[0]!.message).toContain(`ws://${new URL(gateway.url).host}/graphql`);
      expect(body.errors[0]!.message).toContain('/graphql/stream');
    });
  });

  describe('GraphQL over WebSocket', () => {
    it('closes 4401 on an invalid token, before acknowledging', async () => {
      const forged = connect(await jwks.forge({ sub: 'user-1' }));
      const sub = forged.subscribe(NOTE_ADDED);
      await within(sub.ended);
      expect(forged.closes).toEqual([{ code: 4401, reason: 'Unauthorized' }]);
      const expired = connect(await jwks.sign({ expiresIn: -120 }));
      await within(expired.subscribe(NOTE_ADDED).ended);
      expect(expired.closes).toEqual([{ code: 4401, reason: 'Unauthorized' }]);
    });

    it('accepts an anonymous connection: queries run anonymously, subscriptions are refused UNAUTHENTICATED', async () => {
      const before = fake().subscriptions.length;
      const anonymous = connect(null);
      const me = anonymous.subscribe(ME);
      await within(me.ended);
      expect(me.results).toEqual([{ data: { me: null } }]);
      const sub = anonymous.subscribe(NOTE_ADDED);
      await within(sub.ended);
      expect(codes(sub.error)).toEqual([{ code: 'UNAUTHENTICATED', reason: 'AUTH.UNAUTHENTICATED' }]);
      expect(fake().subscriptions.length).toBe(before);
      expect(anonymous.closes).toEqual([]);
    });

    it('streams deliveries with extensions.position, passes extensions.after and the viewer to the engine, and ends on complete', async () => {
      const ws = connect(ada);
      const index = fake().subscriptions.length;
      const sub = ws.subscribe(NOTE_ADDED, { after: '41' }, undefined, 'NoteAdded');
      const at = await fake().nth(index);
      expect(at.request.after).toBe('41');
      expect(at.request.viewer).toEqual({ userId: 'user-1', username: 'ada', emailVerified: false });
      expect(at.request.clientIp).toBe('127.0.0.1');
      expect(at.request.operationName).toBe('NoteAdded');
      expect(at.request.requestId).toMatch(/\S/);
      at.push('42', { data: { noteAdded: { id: 'note-1' } } });
      at.push('43', { data: { noteAdded: { id: 'note-2' } } });
      await waitFor(() => sub.results.length === 2);
      expect(sub.results).toEqual([
        { data: { noteAdded: { id: 'note-1' } }, extensions: { position: '42' } },
        { data: { noteAdded: { id: 'note-2' } }, extensions: { position: '43' } },
      ]);
      sub.dispose();
      await waitFor(() => at.request.signal.aborted && at.returned, { message: 'the engine subscription ended' });
    });

    it("forwards the engine's refusal as an error message with extensions.code, and its ending errors", async () => {
      fake().refuse = (request) =>
        request.variables?.id === 'hidden'
          ? [new GraphQLError('No such post', { extensions: { code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' } })]
          : undefined;
      try {
        const ws = connect(ada);
        const refused = ws.subscribe('subscription($id: ID!) { userChanged(id: $id) { id } }', undefined, { id: 'hidden' });
        await within(refused.ended);
        expect(refused.error).toEqual([{ message: 'No such post', extensions: { code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' } }]);

        const index = fake().subscriptions.length;
        const ending = ws.subscribe(NOTE_ADDED);
        const at = await fake().nth(index);
        at.end([new GraphQLError('Access lost', { extensions: { code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' } })]);
        await within(ending.ended);
        expect(ending.completed).toBe(true);
        expect(ending.results.map((r) => codes(r.errors))).toEqual([[{ code: 'FORBIDDEN', reason: 'REALTIME.ACCESS_LOST' }]]);
        expect(ws.closes).toEqual([]);
      } finally {
        fake().refuse = () => undefined;
      }
    });

    it("holds subscriptions to the gateway's request limits and validation, without reaching the engine", async () => {
      const before = fake().subscriptions.length;
      const ws = connect(ada);
      const deep = ws.subscribe(deepSubscription(11));
      const unknown = ws.subscribe('subscription { noteAdded { nope } }');
      const position = ws.subscribe(NOTE_ADDED, { after: 'yesterday' });
      await within(Promise.all([deep.ended, unknown.ended, position.ended]));
      expect(codes(deep.error)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'REQUEST.DEPTH_LIMIT' }]);
      expect(codes(unknown.error)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', reason: undefined }]);
      expect(codes(position.error)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'REALTIME.INVALID_POSITION' }]);
      expect(fake().subscriptions.length).toBe(before);
      // At the limit it is accepted (user + 10 bestFriends + id = 12).
      const atLimit = ws.subscribe(deepSubscription(10));
      await fake().nth(before);
      atLimit.dispose();
    });

    it("counts a subscription's cost with its variables: refused REQUEST.COST_LIMIT before the engine sees it", async () => {
      const before = fake().subscriptions.length;
      const ws = connect(ada);
      const pages =
        'subscription($n: Int) { userChanged(id: "user-1") { notes(first: $n) { id author { notes(first: $n) { id author { notes(first: $n) { id text } } } } } } }';
      const costly = ws.subscribe(pages, undefined, { n: 100 });
      await within(costly.ended);
      expect(codes(costly.error)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'REQUEST.COST_LIMIT' }]);
      expect(fake().subscriptions.length).toBe(before);
      // The same document with small pages is handed to the engine.
      const cheap = ws.subscribe(pages, undefined, { n: 2 });
      await fake().nth(before);
      cheap.dispose();
    });

    it(`allows ${MAX_PER_CONNECTION} subscriptions per connection, then refuses BAD_REQUEST / REALTIME.TOO_MANY_SUBSCRIPTIONS`, async () => {
      const ws = connect(ada);
      const index = fake().subscriptions.length;
      const live = Array.from({ length: MAX_PER_CONNECTION }, () => ws.subscribe(NOTE_ADDED));
      await fake().nth(index + MAX_PER_CONNECTION - 1);
      const extra = ws.subscribe(NOTE_ADDED);
      await within(extra.ended);
      expect(codes(extra.error)).toEqual([{ code: 'BAD_REQUEST', reason: 'REALTIME.TOO_MANY_SUBSCRIPTIONS' }]);
      // Queries do not count; another connection has its own allowance.
      const me = ws.subscribe(ME);
      await within(me.ended);
      expect(me.results).toHaveLength(1);
      const other = connect(ada).subscribe(NOTE_ADDED);
      await fake().nth(index + MAX_PER_CONNECTION);
      // Completing one frees its slot.
      live[0]!.dispose();
      await waitFor(() => fake().subscriptions[index]!.request.signal.aborted);
      ws.subscribe(NOTE_ADDED);
      await fake().nth(index + MAX_PER_CONNECTION + 1);
      for (const sub of [...live, other]) sub.dispose();
    });

    it(`closes 1009 on a message over ${MAX_MESSAGE_BYTES} bytes`, async () => {
      const ws = connect(ada);
      const sub = ws.subscribe(`subscription { noteAdded { id ${'__typename '.repeat(MAX_MESSAGE_BYTES / 10)} } }`);
      await within(sub.ended);
      expect(ws.closes.map((c) => c.code)).toEqual([1009]);
    });

    it('runs queries through the gateway (one result, then complete) and answers their request errors as an error message', async () => {
      const ws = connect(grace);
      const me = ws.subscribe(ME);
      await within(me.ended);
      expect(me.completed).toBe(true);
      expect(me.results).toEqual([{ data: { me: { id: 'user-2', username: 'grace' } } }]);
      const invalid = ws.subscribe('{ me { nope } }');
      await within(invalid.ended);
      expect(codes(invalid.error)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', reason: undefined }]);
      const federated = ws.subscribe('{ notes { id text } }');
      await within(federated.ended);
      expect(federated.results).toEqual([{ data: { notes: [{ id: 'note-1', text: 'hello' }] } }]);
    });

    it('closes 4403 when the access token expires, unless a fresh one was pinged first; another user or a bad token is refused', async () => {
      const short = await jwks.sign({ sub: 'user-1', username: 'ada', expiresIn: 2 });
      const exp = JSON.parse(Buffer.from(short.split('.')[1]!, 'base64url').toString()).exp as number;
      const expiring = connect(short);
      const refreshed = connect(short);
      const stranger = connect(short);
      const garbled = connect(short);
      const index = fake().subscriptions.length;
      const live = refreshed.subscribe(NOTE_ADDED);
      expiring.subscribe(NOTE_ADDED);
      stranger.subscribe(NOTE_ADDED);
      garbled.subscribe(NOTE_ADDED);
      await fake().nth(index + 3);

      await refresh(refreshed, `Bearer ${await jwks.sign({ sub: 'user-1', username: 'ada', expiresIn: 900 })}`);
      expect(refreshed.closes).toEqual([]);
      await refresh(stranger, `Bearer ${grace}`);
      await refresh(garbled, 'Bearer not-a-token');
      await waitFor(() => stranger.closes.length > 0 && garbled.closes.length > 0);
      expect(stranger.closes).toEqual([{ code: 4403, reason: 'Forbidden: the new access token is for another user' }]);
      expect(garbled.closes).toEqual([{ code: 4401, reason: 'Unauthorized' }]);

      await waitFor(() => expiring.closes.length > 0, { timeoutMs: 5_000, message: 'the expiry close' });
      expect(expiring.closes).toEqual([{ code: 4403, reason: 'Forbidden: access token expired' }]);
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
      // Well past the first token's exp, the refreshed connection still delivers.
      await waitFor(() => Date.now() > exp * 1000 + 300, { intervalMs: 50 });
      // The other three connections are closed, so their subscriptions ended: one is left.
      const open = fake()
        .subscriptions.slice(index)
        .filter((s) => !s.finished);
      expect(open).toHaveLength(1);
      const refreshedSub = open[0]!;
      refreshedSub.push('100', { data: { noteAdded: { id: 'still-here' } } });
      await waitFor(() => live.results.length === 1);
      expect(live.results[0]!.extensions).toEqual({ position: '100' });
      expect(refreshed.closes).toEqual([]);
      live.dispose();
    });

    it('terminates a client that does not answer pings', async () => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws', { autoPong: false });
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ada}` } }));
      const started = Date.now();
      expect(await within(closed, 5 * KEEPALIVE_MS)).toBe(1006);
      expect(Date.now() - started).toBeGreaterThanOrEqual(KEEPALIVE_MS);
      // A client that answers (ws does by default) stays.
      const polite = connect(ada);
      const sub = polite.subscribe(NOTE_ADDED);
      await waitFor(() => polite.closes.length === 0 && fake().activeSubscriptions() > 0);
      await new Promise((resolve) => setTimeout(resolve, 2.2 * KEEPALIVE_MS));
      expect(polite.closes).toEqual([]);
      sub.dispose();
    });

    it('lets a slow reader hold its subscription back; when the engine ends it as SLOW_CONSUMER, sends that error and closes 4008', async () => {
      const ws = connect(ada);
      const index = fake().subscriptions.length;
      const sub = ws.subscribe(NOTE_ADDED);
      const at = await fake().nth(index);
      await waitFor(() => ws.closes.length === 0 && ws.socket());
      ws.socket().pause();
      const big = 'x'.repeat(64 * 1024);
      let pushed = 0;
      while (!at.overflowed && pushed < 2_000) {
        at.push(String(++pushed), { data: { noteAdded: { id: big } } });
        await new Promise((resolve) => setImmediate(resolve));
      }
      // The transport stopped pulling once the socket was full: the engine's buffer overflowed.
      expect(at.overflowed).toBe(true);
      ws.socket().resume();
      await within(sub.ended);
      await waitFor(() => ws.closes.length > 0);
      expect(ws.closes).toEqual([{ code: 4008, reason: 'Slow consumer' }]);
      const last = sub.results.at(-1)!;
      expect(codes(last.errors)).toEqual([{ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.SLOW_CONSUMER' }]);
      const positions = sub.results.slice(0, -1).map((r) => Number(r.extensions!.position));
      expect(positions).toEqual(positions.map((_, i) => i + 1));
      expect(positions.length).toBeLessThan(pushed);
    });

    it('refuses an upgrade on any other path with 404', async () => {
      const socket = new WebSocket(gateway.url.replace(/^http/, 'ws').replace(/\/graphql$/, '/elsewhere'), 'graphql-transport-ws');
      const status = await new Promise<number>((resolve) => {
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => resolve(-1));
      });
      expect(status).toBe(404);
    });
  });

  // ── SSE ──────────────────────────────────────────────────────────────────────────────────

  interface SseFrame {
    event: string;
    id?: string;
    data: string;
    retry?: string;
    comment?: string;
  }

  interface RawSse {
    status: number;
    headers: Headers;
    frames: SseFrame[];
    body?: string;
    ended: Promise<void>;
    abort(): void;
  }

  /** POSTs (or GETs) an operation to /graphql/stream and records every block of the response. */
  async function sse(
    query: string,
    options: { token?: string; lastEventId?: string; extensions?: Record<string, unknown>; method?: 'GET' | 'POST' } = {},
  ): Promise<RawSse> {
    const controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream', 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const params = { query, ...(options.extensions && { extensions: options.extensions }) };
    const response =
      options.method === 'GET'
        ? await fetch(
            `${streamUrl()}?${new URLSearchParams({ query, ...(options.extensions && { extensions: JSON.stringify(options.extensions) }) })}`,
            {
              headers,
              signal: controller.signal,
            },
          )
        : await fetch(streamUrl(), { method: 'POST', headers, body: JSON.stringify(params), signal: controller.signal });
    const raw: RawSse = {
      status: response.status,
      headers: response.headers,
      frames: [],
      ended: Promise.resolve(),
      abort: () => controller.abort(),
    };
    if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      raw.body = await response.text();
      return raw;
    }
    raw.ended = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            raw.frames.push(parseBlock(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted by the test
      }
    })();
    return raw;
  }

  function parseBlock(block: string): SseFrame {
    const frame: SseFrame = { event: '', data: '' };
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === '') frame.comment = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'id') frame.id = value;
      else if (field === 'data') frame.data = value;
      else if (field === 'retry') frame.retry = value;
    }
    return frame;
  }

  const events = (raw: RawSse) => raw.frames.filter((f) => f.event !== '');

  describe('GraphQL over SSE', () => {
    it('streams `event: next` with `id: <position>` and the payload, and ends with `event: complete`', async () => {
      const index = fake().subscriptions.length;
      const stream = await sse(NOTE_ADDED, { token: ada });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const at = await fake().nth(index);
      expect(at.request.after).toBeUndefined();
      expect(at.request.viewer).toEqual({ userId: 'user-1', username: 'ada', emailVerified: false });
      expect(at.request.clientIp).toBe('127.0.0.1');
      at.push('7', { data: { noteAdded: { id: 'n7' } } });
      at.push('8', { data: { noteAdded: { id: 'n8' } } });
      at.end();
      await within(stream.ended);
      expect(events(stream)).toEqual([
        { event: 'next', id: '7', data: JSON.stringify({ data: { noteAdded: { id: 'n7' } }, extensions: { position: '7' } }) },
        { event: 'next', id: '8', data: JSON.stringify({ data: { noteAdded: { id: 'n8' } }, extensions: { position: '8' } }) },
        { event: 'complete', data: '' },
      ]);
    });

    it('resumes from Last-Event-ID, else extensions.after (the header wins), over POST and GET', async () => {
      const index = fake().subscriptions.length;
      const byHeader = await sse(NOTE_ADDED, { token: ada, lastEventId: '8' });
      const byExtension = await sse(NOTE_ADDED, { token: ada, extensions: { after: '5' } });
      const both = await sse(NOTE_ADDED, { token: ada, lastEventId: '9', extensions: { after: '5' } });
      const byGet = await sse(NOTE_ADDED, { token: ada, method: 'GET', lastEventId: '10' });
      const subs = await Promise.all([0, 1, 2, 3].map((i) => fake().nth(index + i)));
      expect(subs.map((s) => s.request.after).sort()).toEqual(['10', '5', '8', '9']);
      for (const s of subs) s.end();
      await within(Promise.all([byHeader, byExtension, both, byGet].map((s) => s.ended)));
    });

    it('works with graphql-sse’s client (distinct connections): deliveries, and refusals it can see', async () => {
      const client = createSseClient({
        url: streamUrl(),
        singleConnection: false,
        headers: { authorization: `Bearer ${ada}` },
        retryAttempts: 0,
      });
      try {
        const index = fake().subscriptions.length;
        const live = record((sink) => client.subscribe({ query: NOTE_ADDED }, sink));
        const at = await fake().nth(index);
        at.push('21', { data: { noteAdded: { id: 'n21' } } });
        at.end();
        await within(live.ended);
        expect(live.completed).toBe(true);
        expect(live.results).toEqual([{ data: { noteAdded: { id: 'n21' } }, extensions: { position: '21' } }]);

        fake().refuse = () => [new GraphQLError('No such post', { extensions: { code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' } })];
        const refused = record((sink) => client.subscribe({ query: NOTE_ADDED }, sink));
        await within(refused.ended);
        expect(refused.results.map((r) => codes(r.errors))).toEqual([[{ code: 'NOT_FOUND', reason: 'REALTIME.POST_NOT_FOUND' }]]);
        expect(JSON.stringify(refused.results)).not.toMatch(/\bat .+\.(ts|js):\d+/);

        const query = record((sink) => client.subscribe({ query: ME }, sink));
        await within(query.ended);
        expect(query.results).toEqual([{ data: { me: { id: 'user-1', username: 'ada' } } }]);
      } finally {
        fake().refuse = () => undefined;
        client.dispose();
      }
    });

    it('answers a bad token with 401 and a GraphQL error body (not a stream); anonymous subscriptions get UNAUTHENTICATED in the stream', async () => {
      const response = await fetch(streamUrl(), {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${await jwks.forge()}` },
        body: JSON.stringify({ query: NOTE_ADDED }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason: 'AUTH.INVALID_TOKEN' } }],
      });

      const anonymous = await sse(NOTE_ADDED);
      await within(anonymous.ended);
      expect(events(anonymous).map((f) => f.event)).toEqual(['next', 'complete']);
      expect(codes(JSON.parse(events(anonymous)[0]!.data).errors)).toEqual([{ code: 'UNAUTHENTICATED', reason: 'AUTH.UNAUTHENTICATED' }]);
    });

    it('refuses HTTP-level problems with JSON: too large (413), not JSON (415), mutation over GET (405), bad Last-Event-ID in the stream', async () => {
      const large = await fetch(streamUrl(), {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ ${'me { id } '.repeat(MAX_MESSAGE_BYTES / 10)} }` }),
      });
      expect(large.status).toBe(413);
      expect(((await large.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'REQUEST.TOO_LARGE',
      });

      const text = await fetch(streamUrl(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: NOTE_ADDED });
      expect(text.status).toBe(415);

      const mutation = await sse('mutation { anything }', { method: 'GET' });
      expect(mutation.status).toBe(405);
      expect(JSON.parse(mutation.body!).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'REQUEST.MUTATION_OVER_GET' });

      const position = await sse(NOTE_ADDED, { token: ada, lastEventId: 'not-a-position' });
      await within(position.ended);
      expect(codes(JSON.parse(events(position)[0]!.data).errors)).toEqual([
        { code: 'BAD_USER_INPUT', reason: 'REALTIME.INVALID_POSITION' },
      ]);
    });

    it('runs queries: one next, then complete (POST and GET)', async () => {
      for (const method of ['POST', 'GET'] as const) {
        const query = await sse(ME, { token: grace, method });
        await within(query.ended);
        expect(events(query)).toEqual([
          { event: 'next', data: JSON.stringify({ data: { me: { id: 'user-2', username: 'grace' } } }) },
          { event: 'complete', data: '' },
        ]);
      }
    });

    it('writes a keep-alive comment every interval', async () => {
      const index = fake().subscriptions.length;
      const stream = await sse(NOTE_ADDED, { token: ada });
      const at = await fake().nth(index);
      await waitFor(() => stream.frames.some((f) => f.event === '' && f.comment === ''), {
        timeoutMs: 3 * KEEPALIVE_MS,
        message: 'a keep-alive',
      });
      at.end();
      await within(stream.ended);
    });

    it('ends the stream (no complete, a retry hint) when the access token expires', async () => {
      const short = await jwks.sign({ sub: 'user-1', username: 'ada', expiresIn: 1 });
      const index = fake().subscriptions.length;
      const stream = await sse(NOTE_ADDED, { token: short });
      const at = await fake().nth(index);
      await within(stream.ended, 5_000);
      expect(at.request.signal.aborted).toBe(true);
      expect(stream.frames.map((f) => f.event)).not.toContain('complete');
      expect(stream.frames.at(-1)).toMatchObject({ retry: '1000', comment: 'access token expired' });
    });

    it('stops reading the engine while the response is full; the SLOW_CONSUMER end is the last event', async () => {
      const index = fake().subscriptions.length;
      const body = JSON.stringify({ query: NOTE_ADDED });
      let response!: IncomingMessage;
      const request = httpRequest(streamUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ada}` },
      });
      const responded = new Promise<void>((resolve) => request.once('response', (res) => ((response = res), resolve())));
      request.end(body);
      await responded;
      response.pause();
      const at = await fake().nth(index);
      const big = 'y'.repeat(64 * 1024);
      let pushed = 0;
      while (!at.overflowed && pushed < 2_000) {
        at.push(String(++pushed), { data: { noteAdded: { id: big } } });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(at.overflowed).toBe(true);
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      const ended = new Promise((resolve) => response.once('end', resolve));
      response.resume();
      await within(ended);
      const frames = text
        .split('\n\n')
        .filter(Boolean)
        .map(parseBlock)
        .filter((f) => f.event !== '');
      expect(frames.at(-1)!.event).toBe('complete');
      const last = JSON.parse(frames.at(-2)!.data) as { errors: unknown };
      expect(codes(last.errors)).toEqual([{ code: 'SERVICE_UNAVAILABLE', reason: 'REALTIME.SLOW_CONSUMER' }]);
      const ids = frames.slice(0, -2).map((f) => Number(f.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1));
      expect(ids.length).toBeLessThan(pushed);
    });
  });

  describe('shutdown', () => {
    it('closes every WebSocket with 1012, ends every SSE stream with a retry hint, then closes the engine', async () => {
      const ws = connect(ada);
      const index = fake().subscriptions.length;
      const sub = ws.subscribe(NOTE_ADDED);
      const stream = await sse(NOTE_ADDED, { token: ada });
      await fake().nth(index + 1);
      await gateway.close();
      await within(Promise.all([sub.ended, stream.ended]));
      expect(ws.closes).toEqual([{ code: 1012, reason: 'Service Restart' }]);
      expect(stream.frames.map((f) => f.event)).not.toContain('complete');
      expect(stream.frames.at(-1)).toMatchObject({ retry: '1000' });
      expect(fake().closed).toBe(true);
      expect(fake().options.nats.isClosed()).toBe(true);
    });
  });
});
