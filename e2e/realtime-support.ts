/**
 * Real clients of the gateway's subscriptions, for the realtime end-to-end suites: the
 * `graphql-ws` client over `ws` (subprotocol graphql-transport-ws, token in connectionParams), the
 * `graphql-sse` client in distinct-connections mode, and a raw SSE reader over fetch (the
 * graphql-sse client hides the `id:` lines a resume needs). Every delivery is recorded with the
 * time it arrived, so a suite waits on a condition (never a sleep) and measures latency.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SERVICES, envPrefix, type Platform } from '@agora/devstack';
import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
import { freePort, gql, spawnManaged, waitFor, waitUntilReady, type ManagedProcess } from '@agora/testing';
import { ROOT_DIR, startTestPlatform, type Session } from './support';

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** graphql-ws subscribe message extensions, e.g. `{ after: '<position>' }`. */
  extensions?: Record<string, unknown>;
}

/** A GraphQL error as a client sees it (formatted JSON). */
export interface WireError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface Delivery<T = any> {
  /** performance.now() when the client handed it over. */
  at: number;
  data: T;
  errors?: WireError[];
  /** WebSocket: `extensions.position`; raw SSE: the `id:` line. */
  position?: string;
}

/** Either end of a subscription: its data messages, errors (in a payload or as the terminal error), and how it ended. */
export class Recording<T = any> {
  readonly deliveries: Delivery<T>[] = [];
  /** Errors carried by `next` payloads and by the terminal `error` (GraphQL errors), in order. */
  readonly errors: WireError[] = [];
  /** Set when the stream ended: `complete`, an error, or the connection closing. */
  ended: { how: 'complete' } | { how: 'error'; error: unknown } | undefined;
  private readonly endedPromise: Promise<void>;
  private resolveEnded!: () => void;
  dispose: () => void = () => {};

  constructor(readonly label: string) {
    this.endedPromise = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** The data of each delivery that carried data (the subscription field's value, unwrapped when `field` is given). */
  values<V = any>(field?: string): V[] {
    return this.deliveries.filter((d) => d.data != null).map((d) => (field ? (d.data as any)[field] : d.data) as V);
  }

  onResult(result: { data?: unknown; errors?: readonly unknown[]; extensions?: Record<string, unknown> }, position?: string): void {
    const errors = (result.errors ?? []) as WireError[];
    this.errors.push(...errors);
    const delivery: Delivery<T> = { at: performance.now(), data: result.data as T };
    if (errors.length > 0) delivery.errors = errors;
    const pos = position ?? (result.extensions?.position as string | undefined);
    if (pos !== undefined) delivery.position = String(pos);
    this.deliveries.push(delivery);
  }

  onError(error: unknown): void {
    if (Array.isArray(error)) this.errors.push(...(error as WireError[]));
    else if (error && typeof error === 'object' && 'message' in error && 'extensions' in error) this.errors.push(error as WireError);
    this.end({ how: 'error', error });
  }

  onComplete(): void {
    this.end({ how: 'complete' });
  }

  private end(how: NonNullable<Recording['ended']>): void {
    if (this.ended) return;
    this.ended = how;
    this.resolveEnded();
  }

  /** Waits for a delivery matching `match` (checked over everything recorded so far). */
  async until(
    match: (value: T, delivery: Delivery<T>) => boolean,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<Delivery<T>> {
    return waitFor(
      () => {
        const hit = this.deliveries.find((d) => d.data != null && match(d.data, d));
        if (hit) return hit;
        if (this.ended) throw new Error(`${this.label} ended (${describeEnd(this)}) before ${options.what ?? 'the awaited delivery'}`);
        return undefined;
      },
      { timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 10, message: `${this.label}: ${options.what ?? 'a matching delivery'}` },
    );
  }

  /** Waits until at least `count` data deliveries are recorded. */
  async untilCount(count: number, options: { timeoutMs?: number } = {}): Promise<Delivery<T>[]> {
    await waitFor(() => this.values().length >= count || (this.ended ? Promise.reject(new Error(describeEnd(this))) : false), {
      timeoutMs: options.timeoutMs ?? 20_000,
      intervalMs: 10,
      message: `${this.label}: ${count} deliveries (have ${this.values().length})`,
    });
    return this.deliveries.filter((d) => d.data != null);
  }

  /** Waits until the stream ended (bounded). */
  async untilEnded(timeoutMs = 20_000): Promise<NonNullable<Recording['ended']>> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.endedPromise,
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`${this.label} did not end within ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]).finally(() => clearTimeout(timer));
    return this.ended!;
  }
}

export function describeEnd(recording: Recording): string {
  const ended = recording.ended;
  if (!ended) return 'still open';
  if (ended.how === 'complete') return `complete; errors ${JSON.stringify(recording.errors)}`;
  const error = ended.error as { code?: number; reason?: string; message?: string } | undefined;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number') {
    return `closed ${error.code} ${error.reason ?? ''}`;
  }
  return `error ${JSON.stringify(recording.errors.length > 0 ? recording.errors : String((error as Error)?.message ?? error))}`;
}

/** `code`/`reason` of every error recorded (for `toContainEqual`). */
export const codesOf = (recording: Recording): { code: unknown; reason: unknown }[] =>
  recording.errors.map((e) => ({ code: e.extensions?.code, reason: e.extensions?.reason }));

// ── graphql-ws ──────────────────────────────────────────────────────────────────────────────

export const wsUrlOf = (gatewayUrl: string): string => gatewayUrl.replace(/^http/, 'ws');
export const streamUrlOf = (gatewayUrl: string): string => `${gatewayUrl.replace(/\/$/, '')}/stream`;

/**
 * One WebSocket connection as a signed-in person (graphql-ws client, no retries: a test wants to
 * see a close, not have it hidden). `closes` records every close event of the socket.
 */
export interface WsConnection {
  client: WsClient;
  closes: { code: number; reason: string }[];
  subscribe<T = any>(operation: Operation, label?: string): Recording<T>;
  dispose(): Promise<void>;
}

export function wsConnect(gatewayUrl: string, who: Session | { accessToken: string } | null, label = 'ws'): WsConnection {
  const closes: { code: number; reason: string }[] = [];
  const client = createWsClient({
    url: wsUrlOf(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams: who ? { authorization: `Bearer ${who.accessToken}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => void closes.push({ code: (event as any).code, reason: String((event as any).reason ?? '') }) },
  });
  return {
    client,
    closes,
    subscribe<T = any>(operation: Operation, name = label): Recording<T> {
      const recording = new Recording<T>(name);
      recording.dispose = client.subscribe(
        {
          query: operation.query,
          variables: operation.variables ?? {},
          ...(operation.extensions ? { extensions: operation.extensions } : {}),
        },
        {
          next: (result) => recording.onResult(result as any),
          error: (error) => recording.onError(error),
          complete: () => recording.onComplete(),
        },
      );
      return recording;
    },
    async dispose() {
      await client.dispose();
    },
  };
}

// ── graphql-sse (distinct connections) ──────────────────────────────────────────────────────

export interface SseConnection {
  client: SseClient;
  subscribe<T = any>(operation: Operation, label?: string): Recording<T>;
  dispose(): void;
}

/** The graphql-sse client in distinct-connections mode (one HTTP stream per subscription), as Apollo Client's SSE link uses it. */
export function sseConnect(gatewayUrl: string, who: Session | null, label = 'sse'): SseConnection {
  const client = createSseClient({
    url: streamUrlOf(gatewayUrl),
    singleConnection: false,
    headers: who ? { authorization: `Bearer ${who.accessToken}` } : {},
    retryAttempts: 0,
  });
  return {
    client,
    subscribe<T = any>(operation: Operation, name = label): Recording<T> {
      const recording = new Recording<T>(name);
      recording.dispose = client.subscribe(
        {
          query: operation.query,
          variables: operation.variables ?? {},
          ...(operation.extensions ? { extensions: operation.extensions } : {}),
        },
        {
          next: (result) => recording.onResult(result as any),
          // A refusal answered with a non-stream status reaches the client as a NetworkError
          // holding the unread response: its GraphQL errors are what the client would show.
          error: (error) => void refusalErrors(error).then((errors) => recording.onError(errors ?? error)),
          complete: () => recording.onComplete(),
        },
      );
      return recording;
    },
    dispose: () => client.dispose(),
  };
}

/** The `errors` of the JSON body of the response a graphql-sse NetworkError carries, if any. */
async function refusalErrors(error: unknown): Promise<WireError[] | undefined> {
  const response = (error as { response?: Response } | undefined)?.response;
  if (!response || typeof response.text !== 'function') return undefined;
  try {
    const body = JSON.parse(await response.text()) as { errors?: WireError[] };
    return Array.isArray(body.errors) ? body.errors : undefined;
  } catch {
    return undefined;
  }
}

// ── raw SSE (ids) ───────────────────────────────────────────────────────────────────────────

/** One SSE message as read off the wire. */
export interface SseFrame {
  event: string;
  id?: string;
  data: string;
}

export interface RawSseStream<T = any> {
  recording: Recording<T>;
  /** Every frame read (next, complete, and anything else), in order. */
  frames: SseFrame[];
  status: number;
  headers: Headers;
  /** The body of a response that is not an event stream (a refusal). */
  body?: string;
  /** Drops the connection (as a network failure would): no complete is sent by the client. */
  drop(): void;
}

/**
 * POSTs `operation` to `/graphql/stream` with `accept: text/event-stream` and reads the stream by
 * hand, keeping the `id:` of each `next` (the position to resume from). `lastEventId` sets the
 * `Last-Event-ID` header, as an EventSource or a reconnecting client does.
 */
export async function sseRaw<T = any>(
  gatewayUrl: string,
  who: Session | null,
  operation: Operation,
  options: { lastEventId?: string; label?: string } = {},
): Promise<RawSseStream<T>> {
  const recording = new Recording<T>(options.label ?? 'raw sse');
  const controller = new AbortController();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (who) headers.authorization = `Bearer ${who.accessToken}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(streamUrlOf(gatewayUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: operation.query,
      variables: operation.variables ?? {},
      ...(operation.extensions ? { extensions: operation.extensions } : {}),
    }),
    signal: controller.signal,
  });
  const frames: SseFrame[] = [];
  const stream: RawSseStream<T> = {
    recording,
    frames,
    status: response.status,
    headers: response.headers,
    drop: () => controller.abort(),
  };
  recording.dispose = stream.drop;
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    stream.body = await response.text();
    try {
      recording.onResult(JSON.parse(stream.body));
    } catch {
      // not JSON: the caller looks at body
    }
    recording.onComplete();
    return stream;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame = parseFrame(block);
          if (!frame) continue;
          frames.push(frame);
          if (frame.event === 'next') recording.onResult(JSON.parse(frame.data), frame.id);
          else if (frame.event === 'complete') recording.onComplete();
        }
      }
      recording.onComplete();
    } catch (error) {
      recording.onError(error);
    }
  })();
  return stream;
}

/** One SSE block (lines up to a blank line); comments (`:`) only → undefined. */
function parseFrame(block: string): SseFrame | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    any = true;
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (!any) return undefined;
  const frame: SseFrame = { event, data: data.join('\n') };
  if (id !== undefined) frame.id = id;
  return frame;
}

// ── the operations the suites drive ─────────────────────────────────────────────────────────

export const NOTIFICATION_ADDED = `subscription NotificationAdded { notificationAdded {
  id kind createdAt actor { id username displayName } post { id body } comment { id body } } }`;
export const FEED_ITEM_ADDED = `subscription FeedItemAdded { feedItemAdded { id body visibility author { id username } } }`;
export const POST_ACTIVITY = `subscription PostActivity($postId: ID!) { postActivity(postId: $postId) {
  kind post { id body reactions { kind count } } comment { id body author { username } } } }`;

export const FOLLOW = `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`;
export const BLOCK = `mutation($id: ID!) { block(input: { userId: $id }) { id } }`;
export const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id body visibility } }`;
export const ADD_COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { id body } }`;
export const REACT = `mutation($input: ReactInput!) { react(input: $input) }`;
export const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName } }`;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

// ── a gateway of our own, to kill ───────────────────────────────────────────────────────────

/** The devstack's subgraphs plus a gateway child process this module starts, SIGKILLs and restarts on one fixed port. */
export interface PlatformWithOwnGateway {
  platform: Platform;
  /** http://127.0.0.1:<port>/graphql — the same URL across restarts. */
  gatewayUrl: string;
  /** Signs `x-agora-identity` for calls straight to a subgraph (as the gateway would) while the gateway is down. */
  internalSecret: string;
  subgraphUrl(name: string): string;
  /** Starts the gateway (again) and waits until it is ready with realtime attached. */
  startGateway(): Promise<void>;
  /** kill -9 of the gateway's process group; resolves once it is gone. */
  killGateway(): Promise<void>;
  stop(): Promise<void>;
}

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The platform's subgraphs as the devstack runs them, and the gateway as a child process of ours
 * (the devstack offers no restart of one service): same command, env and readiness wait as the
 * devstack's, so a restart is a real process start — a fresh engine, a fresh consumer.
 */
export async function startPlatformWithOwnGateway(options: {
  dataDir: string;
  natsUrl: string;
  env?: Record<string, string>;
  output?: (line: string) => void;
}): Promise<PlatformWithOwnGateway> {
  const internalSecret = randomBytes(32).toString('base64url');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const platform = await startTestPlatform({
    dataDir: options.dataDir,
    natsUrl: options.natsUrl,
    services: SERVICES.filter((s) => s.kind === 'subgraph'),
    env: { AGORA_INTERNAL_SECRET: internalSecret, MEDIA_PUBLIC_URL: origin, ...options.env },
  });
  const urls = new Map(platform.services.map((s) => [s.name, s.url]));
  const gatewayEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    ...options.env,
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    NATS_URL: options.natsUrl,
    AGORA_INTERNAL_SECRET: internalSecret,
    IDENTITY_JWKS_URL: `${new URL(urls.get('identity')!).origin}/.well-known/jwks.json`,
    ...Object.fromEntries([...urls].map(([name, url]) => [`${envPrefix(name)}_URL`, url])),
  };
  let child: ManagedProcess | undefined;

  const startGateway = async () => {
    if (child && !child.hasExited) throw new Error('the gateway is running already');
    child = spawnManaged({
      command: process.execPath,
      args: ['--import', TSX_LOADER, 'src/main.ts'],
      cwd: join(ROOT_DIR, 'gateway'),
      env: gatewayEnv,
      onLine: options.output ? (line) => options.output!(`[gateway] ${line}`) : undefined,
      keepLines: 40,
    });
    // Ready = the supergraph is loaded and (when the gateway reports it) realtime is attached.
    await waitUntilReady(
      'gateway',
      child,
      async () => {
        const res = await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, unknown> };
        return res.status === 200 && body.checks?.realtime !== false;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
  };

  return {
    platform,
    gatewayUrl: `${origin}/graphql`,
    internalSecret,
    subgraphUrl: (name) => {
      const url = urls.get(name);
      if (!url) throw new Error(`no subgraph ${name}`);
      return url;
    },
    startGateway,
    async killGateway() {
      await child?.stop({ signal: 'SIGKILL' });
    },
    async stop() {
      await child?.stop({ timeoutMs: 10_000 });
      await platform.stop();
    },
  };
}

/** An operation straight to a subgraph as `who`, with the identity header the gateway would sign. */
export async function asAtSubgraph(
  subgraphUrl: string,
  internalSecret: string,
  who: Session,
  query: string,
  variables?: Record<string, unknown>,
): Promise<any> {
  const header = await signIdentityHeader({ userId: who.userId, username: who.username }, internalSecret);
  const res = await gql(subgraphUrl, query, variables, { headers: { [IDENTITY_HEADER]: header } });
  if (res.errors) throw new Error(`${query.slice(0, 60)}… at ${subgraphUrl} failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}
