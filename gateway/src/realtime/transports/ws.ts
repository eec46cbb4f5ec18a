/**
 * GraphQL over WebSocket (`graphql-transport-ws`, the graphql-ws library: what Apollo Client's
 * GraphQLWsLink and Sandbox speak) on the gateway's own HTTP server, at `/graphql` (upgrade).
 *
 * Protocol handling is graphql-ws's `makeServer`; the socket glue is ours rather than
 * `graphql-ws/use/ws`'s `useServer`, because that one logs through `console.error` (a client's
 * oversized frame would read "Internal error … check your implementation"), echoes a ping's
 * payload — here an access token — back in the pong, and closes with 1001 on dispose where we
 * want 1012. The glue keeps graphql-ws's flow control: `send` resolves once the frame is written
 * to the socket, so a slow reader holds its subscriptions back and their messages wait in the
 * engine's bounded buffer (REALTIME_BUFFER_MESSAGES), which ends them as REALTIME.SLOW_CONSUMER.
 *
 * Auth and lifecycle (close codes; README "Subscriptions"):
 * - `connection_init` payload `{ authorization: "Bearer <access token>" }`. A token that is
 *   present but invalid → close 4401 "Unauthorized". No token → the connection is anonymous:
 *   queries run anonymously, every subscription is refused UNAUTHENTICATED (every Subscription
 *   field needs a viewer). The JWKS being unreachable → 1013 "Try again later".
 * - At the token's `exp` the server closes 4403 "Forbidden: access token expired", unless the
 *   client sent a fresh token first: `{"type":"ping","payload":{"authorization":"Bearer <fresh>"}}`;
 *   the pong (sent without payload) confirms it was accepted. The connection stays the same
 *   user's: a token for someone else → 4403; an invalid one → 4401.
 * - Limits: REALTIME_MAX_MESSAGE_BYTES per client frame (ws closes 1009), the gateway's per-IP
 *   budget per `subscribe` message (an `error` message RATE_LIMITED GATEWAY.RATE_LIMITED with
 *   `extensions.retryAfter`), subscriptions per connection (BAD_REQUEST REALTIME.TOO_MANY_SUBSCRIPTIONS), a WebSocket ping every
 *   REALTIME_KEEPALIVE_MS (no pong by the next one → terminated), a slow consumer → 4008
 *   "Slow consumer" after its last error message, shutdown → 1012 "Service Restart".
 * - Resume: a delivery carries `payload.extensions.position`; send it back as
 *   `extensions: { after: "<position>" }` in the `subscribe` message.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger, Viewer } from '@agora/service-kit';
import {
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, stringifyMessage } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccessVerifier, VerifiedAccess } from '../../auth/access-token-verifier';
import { MASKED_MESSAGE } from '../../errors/format-error';
import type { RealtimeConfig } from '../../config';
import { rateLimitedError, type RequestBudget } from '../../limits/request-budget';
import type { DeliveredMessage, OperationContext, RealtimeOperations } from './operations';
import { reasonsOf, TRANSPORT_REASONS, transportError } from './realtime-errors';

/** Close codes beyond graphql-ws's own (4400 bad request, 4401, 4403, 4406, 4408, 4409, 4429, 4500). */
export const WS_CLOSE = {
  unauthorized: { code: CloseCode.Unauthorized, reason: 'Unauthorized' },
  expired: { code: CloseCode.Forbidden, reason: 'Forbidden: access token expired' },
  otherUser: { code: CloseCode.Forbidden, reason: 'Forbidden: the new access token is for another user' },
  /** The viewer's tokens were revoked (suspension, role change: ADR 14): reconnect with a fresh one. */
  revoked: { code: CloseCode.Forbidden, reason: 'Forbidden: access token revoked' },
  authUnavailable: { code: 1013, reason: 'Try again later' },
  /** Not one of graphql-ws's fatal codes: its client reconnects (and may resume with `after`). */
  slowConsumer: { code: 4008, reason: 'Slow consumer' },
  /** Service Restart: graphql-ws's client reconnects. */
  restart: { code: 1012, reason: 'Service Restart' },
  internal: { code: CloseCode.InternalServerError, reason: 'Internal server error' },
} as const;

export interface WsTransportOptions {
  httpServer: Server;
  /** `/graphql` */
  path: string;
  operations: RealtimeOperations;
  /** The placeholder schema graphql-ws wants in ExecutionArgs (the API schema; nothing executes on it here). */
  apiSchema(): GraphQLSchema | undefined;
  verifyAccess: AccessVerifier;
  limits: RealtimeConfig;
  /** The client's IP of the upgrade request (http/client-ip.ts); default: the socket's address. */
  clientIpOf?: (request: IncomingMessage) => string | null;
  /** The gateway's per-IP budget; every `subscribe` message takes from it. Default: unlimited. */
  budget?: RequestBudget;
  logger: Logger;
}

export interface WsTransport {
  /** Open sockets (for tests and metrics). */
  connections(): number;
  /** Closes every socket of this viewer with 4403 (their tokens were revoked, ADR 14); how many. */
  revokeViewer(userId: string): number;
  /** Refuses new upgrades, closes every socket with 1012 and waits (bounded) until they are gone. Idempotent. */
  close(): Promise<void>;
}

/** What one connection knows between graphql-ws's callbacks (graphql-ws's `ctx.extra`). */
interface Connection {
  socket: WebSocket;
  id: string;
  viewer: Viewer | null;
  /** The client's IP, from the upgrade request. */
  clientIp: string | null;
  expiry: NodeJS.Timeout | undefined;
  live: number;
  operations: number;
  /** Aborts every subscription of the connection when it closes. */
  closed: AbortController;
}

/**
 * The result graphql-ws passes from `onSubscribe` to `execute`/`subscribe`: the work is done in
 * `onSubscribe` (so refusals become `error` messages); these hand over what it produced.
 */
type Prepared =
  { kind: 'single'; result: FormattedExecutionResult } | { kind: 'stream'; iterator: AsyncIterableIterator<FormattedExecutionResult> };

const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long close() waits for clients to answer the 1012 close frame before cutting them off. */
const CLOSE_GRACE_MS = 2_000;

export function startWsTransport(options: WsTransportOptions): WsTransport {
  const { limits, logger } = options;
  const log = logger.child({ component: 'realtime-ws' });
  let closing: Promise<void> | undefined;
  /** Refusals formatted by operations.ts, keyed by the GraphQLError graphql-ws carries to onError. */
  const formatted = new WeakMap<GraphQLError, GraphQLFormattedError>();
  const asGraphQLErrors = (errors: readonly GraphQLFormattedError[]): GraphQLError[] =>
    errors.map((error) => {
      const carrier = new GraphQLError(error.message, { extensions: error.extensions });
      formatted.set(carrier, error);
      return carrier;
    });
  const prepared = (args: ExecutionArgs): Prepared => args.contextValue as Prepared;
  const accepted = new Set<Connection>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });

  const server = makeServer<Record<string, unknown>, { connection: Connection }>({
    connectionInitWaitTimeout: 3_000,
    onConnect: async (ctx) => {
      const { connection } = ctx.extra;
      const params = ctx.connectionParams ?? {};
      const authorization = params.authorization ?? params.Authorization;
      if (authorization === undefined || authorization === null || authorization === '') return true;
      const access = await verify(connection, authorization);
      if (!access) return false;
      connection.viewer = access.viewer;
      scheduleExpiry(connection, access.expiresAt);
      log.debug({ connection: connection.id, viewer: access.viewer.userId }, 'websocket authenticated');
      return true;
    },
    onPing: async (ctx, payload) => {
      const authorization = payload?.authorization ?? payload?.Authorization;
      if (authorization === undefined) return;
      const { connection } = ctx.extra;
      const access = await verify(connection, authorization);
      if (!access) return;
      if (access.viewer.userId !== connection.viewer?.userId) return closeWith(connection.socket, WS_CLOSE.otherUser);
      connection.viewer = access.viewer;
      scheduleExpiry(connection, access.expiresAt);
      log.debug({ connection: connection.id, viewer: access.viewer.userId, expiresAt: access.expiresAt }, 'websocket token refreshed');
    },
    onSubscribe: async (ctx, id, payload) => {
      const { connection } = ctx.extra;
      const refusal = await options.budget?.take(connection.clientIp);
      if (refusal) return asGraphQLErrors([rateLimitedError(refusal)]);
      const schema = options.apiSchema();
      const operation = options.operations.prepare(payload, { after: payload.extensions?.after });
      if (operation.kind === 'refused') return asGraphQLErrors(operation.errors);
      const context: OperationContext = {
        viewer: connection.viewer,
        requestId: `${connection.id}.${++connection.operations}`,
        clientIp: connection.clientIp,
      };
      const args = (document: DocumentNode, contextValue: Prepared): ExecutionArgs => ({
        schema: schema!,
        document,
        ...(payload.operationName && { operationName: payload.operationName }),
        contextValue,
      });

      if (operation.kind === 'single') {
        const result = await operation.execute(context).catch((error: unknown) => {
          log.error({ err: error, connection: connection.id, requestId: context.requestId }, 'operation over websocket failed');
          return { errors: [{ message: MASKED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
        });
        // Errors without data are request errors (validation, auth): graphql-ws's `error` message.
        if (!('data' in result) && result.errors?.length) return asGraphQLErrors(result.errors);
        return args(operation.document, { kind: 'single', result });
      }

      if (connection.live >= limits.maxSubscriptionsPerConnection) {
        return asGraphQLErrors([
          transportError(
            'BAD_REQUEST',
            TRANSPORT_REASONS.tooManySubscriptions,
            `At most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`,
          ).toJSON(),
        ]);
      }
      connection.live++;
      const ended = new AbortController();
      const release = () => {
        if (ended.signal.aborted) return;
        connection.live--;
        ended.abort();
        connection.closed.signal.removeEventListener('abort', release);
      };
      connection.closed.signal.addEventListener('abort', release);
      const outcome = await operation.subscribe({ ...context, signal: ended.signal });
      if (!outcome.ok) {
        release();
        return asGraphQLErrors(outcome.errors);
      }
      log.debug({ connection: connection.id, id, requestId: context.requestId }, 'subscribed');
      return args(operation.document, { kind: 'stream', iterator: relay(outcome.iterator, ended.signal, release, connection) });
    },
    execute: (args) => {
      const work = prepared(args);
      return (work.kind === 'single' ? work.result : work.iterator) as never;
    },
    subscribe: (args) => {
      const work = prepared(args);
      return (work.kind === 'stream' ? work.iterator : work.result) as never;
    },
    // Everything that reaches these is formatted already (operations.ts, Apollo, the engine).
    onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
    // Anything else is graphql-ws wrapping an exception thrown while streaming: masked, logged.
    onError: (ctx, id, _payload, errors) =>
      errors.map((error) => {
        const known = formatted.get(error);
        if (known) return known;
        log.error({ err: error.originalError ?? error, connection: ctx.extra.connection.id, id }, 'subscription failed');
        return { message: MASKED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }),
  });

  /** Verifies a token; on failure closes the socket (4401, or 1013 when the JWKS is unreachable) and answers undefined. */
  async function verify(connection: Connection, authorization: unknown): Promise<VerifiedAccess | undefined> {
    if (typeof authorization !== 'string') {
      closeWith(connection.socket, WS_CLOSE.unauthorized);
      return undefined;
    }
    try {
      const access = await options.verifyAccess(authorization);
      if (access) return access;
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (code !== 'UNAUTHENTICATED') {
        log.warn({ err: error, connection: connection.id }, 'cannot verify a websocket token');
        closeWith(connection.socket, WS_CLOSE.authUnavailable);
        return undefined;
      }
      log.debug({ connection: connection.id, reason: (error as GraphQLError).extensions.reason }, 'websocket token refused');
    }
    closeWith(connection.socket, WS_CLOSE.unauthorized);
    return undefined;
  }

  function scheduleExpiry(connection: Connection, expiresAt: number): void {
    clearTimeout(connection.expiry);
    const wait = expiresAt - Date.now();
    connection.expiry = setTimeout(
      () => (wait > MAX_TIMER_MS ? scheduleExpiry(connection, expiresAt) : closeWith(connection.socket, WS_CLOSE.expired)),
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
  }

  /**
   * Streams a subscription's deliveries to graphql-ws. Ends when the engine ends it, the client
   * completes it (graphql-ws calls `return`) or the connection closes (the signal). A slow
   * consumer's last message (its error) is sent, then the connection is closed 4008: the socket
   * is what cannot keep up, and every other subscription on it would follow.
   */
  function relay(
    inner: AsyncIterator<DeliveredMessage>,
    signal: AbortSignal,
    release: () => void,
    connection: Connection,
  ): AsyncIterableIterator<FormattedExecutionResult> {
    const stopped = new Promise<IteratorReturnResult<undefined>>((resolve) => {
      const stop = () => resolve({ done: true, value: undefined });
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    let slow = false;
    let finished = false;
    const finish = async () => {
      if (!finished) {
        finished = true;
        release();
        await inner.return?.().catch(() => undefined);
      }
      return { done: true as const, value: undefined };
    };
    const iterator: AsyncIterableIterator<FormattedExecutionResult> = {
      [Symbol.asyncIterator]: () => iterator,
      async next() {
        if (finished) return { done: true, value: undefined };
        if (slow) {
          log.info({ connection: connection.id, viewer: connection.viewer?.userId }, 'slow consumer: closing the websocket');
          closeWith(connection.socket, WS_CLOSE.slowConsumer);
          return finish();
        }
        const step = await Promise.race([inner.next(), stopped]);
        if (step.done) return finish();
        slow = reasonsOf(step.value.result.errors).includes(TRANSPORT_REASONS.slowConsumer);
        return { done: false, value: step.value.result };
      },
      return: finish,
    };
    return iterator;
  }

  function accept(socket: WebSocket, request: IncomingMessage): void {
    const incoming = request.headers['x-request-id'];
    const connection: Connection = {
      socket,
      id: typeof incoming === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(incoming) ? incoming : randomUUID(),
      viewer: null,
      clientIp: options.clientIpOf ? options.clientIpOf(request) : (request.socket.remoteAddress ?? null),
      expiry: undefined,
      live: 0,
      operations: 0,
      closed: new AbortController(),
    };
    accepted.add(connection);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Resolves once the frame is handed to the OS: graphql-ws awaits it before the next one.
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              log.error({ err: error, connection: connection.id }, 'websocket message failed');
              closeWith(socket, WS_CLOSE.internal);
            });
          }),
        // The pong confirms a ping (and a token refresh); it never echoes the token back.
        onPing: async () => {
          if (socket.readyState === socket.OPEN) socket.send(stringifyMessage({ type: MessageType.Pong }));
        },
      },
      { connection },
    );

    // Keep-alive: a WebSocket ping each interval; no pong since the previous one → terminated.
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) {
        log.debug({ connection: connection.id }, 'websocket silent: terminated');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, limits.keepAliveMs);

    // ws closes by itself on protocol errors (1009 for a frame over maxPayload) and then reports them here.
    socket.on('error', (error) => log.debug({ err: error, connection: connection.id }, 'websocket error'));
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      clearTimeout(connection.expiry);
      connection.closed.abort();
      accepted.delete(connection);
      log.debug({ connection: connection.id, code, reason: reason.toString() }, 'websocket closed');
      closed(code, reason.toString()).catch((error: unknown) => log.error({ err: error }, 'websocket cleanup failed'));
    });
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (pathname !== options.path) return refuseUpgrade(socket, 404, 'Not Found');
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  };
  options.httpServer.on('upgrade', onUpgrade);

  return {
    connections: () => wss.clients.size,
    revokeViewer: (userId) => {
      let count = 0;
      for (const connection of accepted) {
        if (connection.viewer?.userId.toLowerCase() !== userId.toLowerCase()) continue;
        closeWith(connection.socket, WS_CLOSE.revoked);
        count++;
      }
      return count;
    },
    close: () =>
      (closing ??= (async () => {
        options.httpServer.off('upgrade', onUpgrade);
        const sockets = [...wss.clients];
        await Promise.all(
          sockets.map(
            (socket) =>
              new Promise<void>((resolve) => {
                if (socket.readyState === socket.CLOSED) return resolve();
                const cutOff = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
                socket.once('close', () => {
                  clearTimeout(cutOff);
                  resolve();
                });
                closeWith(socket, WS_CLOSE.restart);
              }),
          ),
        );
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })()),
  };
}

function closeWith(socket: WebSocket, how: { code: number; reason: string }): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(how.code, how.reason);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
