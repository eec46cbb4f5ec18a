/**
 * GraphQL over SSE at `/graphql/stream`, wire-compatible with graphql-sse's client in *distinct
 * connections* mode (one HTTP response per operation): `POST` with a JSON body
 * `{ query, variables, operationName, extensions }` (or `GET` with those as query parameters),
 * answered `text/event-stream` with `event: next` / `data: <ExecutionResult JSON>` per result and
 * `event: complete` at the end. graphql-sse's own handler cannot write `id:` lines, which resume
 * needs, hence this endpoint: every delivery also carries `id: <position>`, and a client that
 * reconnects with `Last-Event-ID: <position>` (or `extensions.after`) gets what it missed.
 *
 * - HTTP-level refusals answer JSON in GraphQL's error shape, not a stream: a present but invalid
 *   `Authorization` (401), an unreachable JWKS (503), a malformed or oversized body (400/413,
 *   REALTIME_MAX_MESSAGE_BYTES), a mutation over GET (405), the gateway still starting (503),
 *   the client's IP over the gateway's per-IP budget (429 with `Retry-After`, RATE_LIMITED).
 * - Refusals of the operation itself (validation, limits, UNAUTHENTICATED without a token,
 *   NOT_FOUND, SERVICE_UNAVAILABLE …) are streamed: one `next` whose payload has only `errors`,
 *   then `complete`. graphql-sse's client turns any non-2xx answer into a retried NetworkError
 *   and never shows its body, so this is the only way its subscribers see `extensions.code`.
 * - Queries and mutations: one `next`, then `complete`.
 * - Keep-alive: a `:` comment line every REALTIME_KEEPALIVE_MS.
 * - Backpressure: when the response's buffer is full (`write` returns false) nothing more is
 *   taken from the engine until it drains, so a slow reader's deliveries wait in the engine's
 *   bounded buffer; when it overflows the engine ends the subscription with SERVICE_UNAVAILABLE /
 *   REALTIME.SLOW_CONSUMER, written as the last `next`, then `complete`.
 * - The stream also ends at the access token's `exp` and on shutdown: no `complete` (that would
 *   mean "done"), a `retry: 1000` hint and the end of the response, so clients reconnect (with a
 *   fresh token, and `Last-Event-ID`).
 */
import type { Logger } from '@agora/service-kit';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { AccessVerifier, VerifiedAccess } from '../../auth/access-token-verifier';
import type { RealtimeConfig } from '../../config';
import { MASKED_MESSAGE } from '../../errors/format-error';
import { bodyErrorHandler } from '../../http/graphql-error-response';
import { rateLimitedError, type RequestBudget } from '../../limits/request-budget';
import { operationRequestSchema, type OperationRequest, type RealtimeOperations } from './operations';
import { TRANSPORT_REASONS } from './realtime-errors';

/** The reconnect delay suggested to clients when the server ends a stream they should resume. */
export const SSE_RETRY_MS = 1_000;

export interface SseTransportOptions {
  operations: RealtimeOperations;
  verifyAccess: AccessVerifier;
  limits: RealtimeConfig;
  /** The client's IP of a request (http/client-ip.ts); default: express's `req.ip`. */
  clientIpOf?: (request: Request) => string | null;
  /** The gateway's per-IP budget; every stream request takes from it. Default: unlimited. */
  budget?: RequestBudget;
  logger: Logger;
}

export interface SseTransport {
  /** Mount at `/graphql/stream` (before `/graphql`). */
  router: Router;
  /** Open streams (for tests and metrics). */
  streams(): number;
  /** Ends every open stream of this viewer with `retry:` (their tokens were revoked, ADR 14); how many. */
  revokeViewer(userId: string): number;
  /** Refuses new streams and ends every open one with `retry:` (no complete). Idempotent. */
  close(): Promise<void>;
}

/** One open response; `end` stops it, writing `retry:` first unless it completed. */
interface OpenStream {
  /** The viewer's id; null for an anonymous stream. */
  userId: string | null;
  end(why: 'restart' | 'expired'): void;
  done: Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSseTransport(options: SseTransportOptions): SseTransport {
  const { limits, logger } = options;
  const log = logger.child({ component: 'realtime-sse' });
  const open = new Set<OpenStream>();
  let closing: Promise<void> | undefined;

  const handle: RequestHandler = async (req, res) => {
    if (closing) {
      res.setHeader('retry-after', '1');
      return sendErrors(res, 503, [
        { message: 'The gateway is shutting down', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'GATEWAY.SHUTTING_DOWN' } },
      ]);
    }
    const accept = req.get('accept');
    if (accept && !/text\/event-stream|\*\/\*/i.test(accept)) {
      return sendErrors(res, 406, [
        { message: 'This endpoint answers text/event-stream', extensions: { code: 'BAD_REQUEST', reason: 'REQUEST.NOT_ACCEPTABLE' } },
      ]);
    }
    const clientIp = options.clientIpOf ? options.clientIpOf(req) : (req.ip ?? null);
    const refusal = await options.budget?.take(clientIp);
    if (refusal) {
      res.setHeader('retry-after', String(refusal.retryAfter));
      return sendErrors(res, 429, [rateLimitedError(refusal)]);
    }
    const request = readRequest(req);
    if ('error' in request) return sendErrors(res, 400, [request.error]);

    let access: VerifiedAccess | null;
    try {
      access = await options.verifyAccess(req.headers.authorization);
    } catch (error) {
      return sendVerificationError(res, error);
    }

    const prepared = options.operations.prepare(request.value, {
      after: req.get('last-event-id') ?? request.value.extensions?.after,
      allowMutations: req.method !== 'GET',
    });
    if (prepared.kind === 'refused' && prepared.httpStatus !== undefined) {
      if (prepared.httpStatus === 503) res.setHeader('retry-after', '1');
      return sendErrors(res, prepared.httpStatus, prepared.errors);
    }

    const stream = new EventStream(res, limits.keepAliveMs);
    const context = { viewer: access?.viewer ?? null, requestId: String(res.locals.requestId), clientIp };
    if (prepared.kind === 'refused') return stream.result(prepared.errors).complete();
    if (prepared.kind === 'single') {
      const result = await prepared.execute(context).catch((error: unknown): FormattedExecutionResult => {
        log.error({ err: error, requestId: context.requestId }, 'operation over SSE failed');
        return { errors: [{ message: MASKED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
      });
      return stream.next(result).complete();
    }

    const ended = new AbortController();
    let why: 'restart' | 'expired' | undefined;
    let resolveDone!: () => void;
    const entry: OpenStream = {
      userId: access?.viewer.userId ?? null,
      end: (reason) => {
        why ??= reason;
        ended.abort();
      },
      done: new Promise<void>((resolve) => (resolveDone = resolve)),
    };
    open.add(entry);
    res.once('close', () => ended.abort());
    const expiry = access ? expireAt(access.expiresAt, () => entry.end('expired')) : undefined;
    try {
      const outcome = await prepared.subscribe({ ...context, signal: ended.signal });
      const reconnect = () => stream.reconnect(why === 'expired' ? 'access token expired' : 'server restarting', SSE_RETRY_MS);
      if (!outcome.ok) return why ? reconnect() : stream.result(outcome.errors).complete();
      const stopped = new Promise<{ done: true; value: undefined }>((resolve) => {
        const stop = () => resolve({ done: true, value: undefined });
        if (ended.signal.aborted) stop();
        else ended.signal.addEventListener('abort', stop, { once: true });
      });
      try {
        for (;;) {
          const step = await Promise.race([outcome.iterator.next(), stopped]);
          if (step.done) break;
          stream.next(step.value.result, step.value.position);
          if (stream.needsDrain) await Promise.race([stream.drained(), stopped]);
        }
      } catch (error) {
        log.error({ err: error, requestId: context.requestId }, 'subscription over SSE failed');
        stream.result([{ message: MASKED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      } finally {
        await outcome.iterator.return?.().catch(() => undefined);
      }
      if (why) reconnect();
      else stream.complete();
    } finally {
      clearTimeout(expiry?.timer);
      ended.abort();
      open.delete(entry);
      resolveDone();
    }
  };

  const router = express.Router();
  router.get('/', handle);
  router.post(
    '/',
    (req, res, next) =>
      req.is('application/json')
        ? next()
        : sendErrors(res, 415, [
            {
              message: 'Send the operation as application/json',
              extensions: { code: 'BAD_REQUEST', reason: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
            },
          ]),
    express.json({ limit: limits.maxMessageBytes }),
    handle,
  );
  router.all('/', (_req, res) => {
    res.setHeader('allow', 'GET, POST');
    sendErrors(res, 405, [{ message: 'Use GET or POST', extensions: { code: 'BAD_REQUEST', reason: 'REQUEST.METHOD_NOT_ALLOWED' } }]);
  });
  router.use((_req, res) =>
    sendErrors(res, 404, [{ message: 'Not found', extensions: { code: 'NOT_FOUND', reason: 'REQUEST.NOT_FOUND' } }]),
  );
  router.use(bodyErrorHandler(log));

  return {
    router,
    streams: () => open.size,
    revokeViewer: (userId: string) => {
      let count = 0;
      for (const stream of open) {
        if (stream.userId?.toLowerCase() !== userId.toLowerCase()) continue;
        // `retry:` then end, as for an expired token: the client reconnects with a fresh one (or is refused).
        stream.end('expired');
        count++;
      }
      return count;
    },
    close: () =>
      (closing ??= (async () => {
        const streams = [...open];
        for (const stream of streams) stream.end('restart');
        await Promise.all(streams.map((s) => s.done));
      })()),
  };
}

/** The operation from a POST body or GET parameters (`variables`/`extensions` JSON-encoded). */
function readRequest(req: Request): { value: OperationRequest } | { error: GraphQLFormattedError } {
  let raw: unknown = req.body;
  if (req.method === 'GET') {
    const params = req.query as Record<string, unknown>;
    try {
      raw = {
        query: params.query,
        operationName: params.operationName,
        variables: typeof params.variables === 'string' ? JSON.parse(params.variables) : params.variables,
        extensions: typeof params.extensions === 'string' ? JSON.parse(params.extensions) : params.extensions,
      };
    } catch {
      return { error: malformed('`variables` and `extensions` must be JSON objects') };
    }
  }
  const parsed = operationRequestSchema.safeParse(raw);
  if (!parsed.success)
    return { error: malformed(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')) };
  return { value: parsed.data };
}

const malformed = (detail: string): GraphQLFormattedError => ({
  message: `The request is not a GraphQL operation: ${detail}`,
  extensions: { code: 'BAD_REQUEST', reason: TRANSPORT_REASONS.malformedRequest },
});

function sendErrors(res: Response, status: number, errors: readonly GraphQLFormattedError[]): void {
  res.status(status).type('application/json').send(JSON.stringify({ errors }));
}

/** The verifier's GraphQLError carries its HTTP answer (401 + WWW-Authenticate, or 503). */
function sendVerificationError(res: Response, error: unknown): void {
  if (!(error instanceof GraphQLError)) throw error;
  const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  const { code, reason } = error.extensions;
  sendErrors(res, http?.status ?? 401, [
    { message: code === 'UNAUTHENTICATED' ? error.message : 'Authentication is temporarily unavailable', extensions: { code, reason } },
  ]);
}

function expireAt(at: number, onExpiry: () => void): { timer: NodeJS.Timeout } {
  const handle: { timer: NodeJS.Timeout } = { timer: undefined as unknown as NodeJS.Timeout };
  const arm = () => {
    const wait = at - Date.now();
    handle.timer = setTimeout(() => (wait > MAX_TIMER_MS ? arm() : onExpiry()), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
  };
  arm();
  return handle;
}

/** The response as an SSE writer: headers on creation, keep-alive comments, and the ends. */
class EventStream {
  private readonly keepAlive: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly res: Response,
    keepAliveMs: number,
  ) {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('connection', 'keep-alive');
    // Proxies such as nginx buffer responses by default; an event stream must not be.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    this.keepAlive = setInterval(() => {
      if (!res.writableNeedDrain) this.write(':\n\n');
    }, keepAliveMs);
  }

  get needsDrain(): boolean {
    return !this.ended && this.res.writableNeedDrain;
  }

  drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }

  next(result: FormattedExecutionResult, position?: string): this {
    this.write(`event: next\n${position === undefined ? '' : `id: ${position}\n`}data: ${JSON.stringify(result)}\n\n`);
    return this;
  }

  result(errors: readonly GraphQLFormattedError[]): this {
    return this.next({ errors });
  }

  complete(): void {
    this.write('event: complete\ndata: \n\n');
    this.finish();
  }

  /** Ends without `complete`: the client is meant to come back. */
  reconnect(comment: string, retryMs: number): void {
    this.write(`: ${comment}\nretry: ${retryMs}\n\n`);
    this.finish();
  }

  private write(chunk: string): void {
    if (!this.ended && !this.res.writableEnded && !this.res.destroyed) this.res.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.keepAlive);
    if (!this.res.writableEnded) this.res.end();
  }
}
