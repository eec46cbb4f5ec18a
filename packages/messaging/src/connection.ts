import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { natsInboxPrefix } from './access';
import type { Log } from './log';

export interface ConnectOptions {
  /** e.g. nats://127.0.0.1:4222 (comma-separated list allowed). */
  servers: string;
  /** Connection name shown in NATS monitoring, e.g. `posts`. */
  name: string;
  logger: Log;
  /** Pause between (re)connect attempts; default 1 s. Tests lower it to see a restarted server sooner. */
  reconnectTimeWaitMs?: number;
  /**
   * Stops waiting for the first connection (the promise rejects with the signal's reason). For a
   * process that serves without NATS and may close before NATS ever answers (the gateway).
   */
  signal?: AbortSignal;
  /** `NATS_USER`: the user to authenticate as (unset: anonymous, for servers without auth). */
  user?: string;
  /** `NATS_PASSWORD`. */
  pass?: string;
}

/** The server refused the credentials (or their absence): a start-up error, never retried. */
export class NatsAuthorizationError extends Error {
  constructor(user: string | undefined, cause: unknown) {
    super(
      `NATS refused the authorization for ${user ? `user "${user}"` : 'an anonymous connection'}` +
        ` (${cause instanceof Error ? cause.message : String(cause)}); check NATS_USER and NATS_PASSWORD`,
      { cause },
    );
    this.name = 'NatsAuthorizationError';
  }
}

/**
 * Whether each connection made by connectNats is currently usable, maintained from its status
 * stream. The client has no public "reconnecting" flag, and readiness must turn false while it
 * is away.
 */
const connectedState = new WeakMap<NatsConnection, boolean>();

/**
 * Connects, retrying until the server answers, and keeps reconnecting forever afterwards
 * (the outbox holds events while NATS is away). Resolves once connected.
 */
export async function connectNats(options: ConnectOptions): Promise<NatsConnection> {
  const { logger } = options;
  const servers = options.servers
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  logger.info({ servers, name: options.name }, 'connecting to NATS');
  const settings = {
    servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
    ...(options.user !== undefined && {
      user: options.user,
      pass: options.pass ?? '',
      // Replies (requests, JetStream API answers, pulled messages) arrive under the user's own
      // prefix, the only subjects its permissions let it subscribe to.
      inboxPrefix: natsInboxPrefix(options.user),
    }),
  };
  // Start-up order must not matter: a service booting before NATS waits instead of crashing.
  // nats.js's own wait (waitOnFirstConnect) can be neither cancelled nor told that a refused
  // authorization is final, so this is a loop of single attempts.
  let nc: NatsConnection;
  try {
    nc = await connectWhenReachable(settings, options.signal);
  } catch (error) {
    if (isAuthorizationError(error)) throw new NatsAuthorizationError(options.user, error);
    throw error;
  }
  connectedState.set(nc, true);
  logger.info({ server: nc.getServer() }, 'connected to NATS');
  void watchStatus(nc, logger);
  return nc;
}

async function connectWhenReachable(
  settings: Parameters<typeof connect>[0] & { reconnectTimeWait: number },
  signal: AbortSignal = new AbortController().signal,
): Promise<NatsConnection> {
  for (;;) {
    signal.throwIfAborted();
    try {
      const nc = await connect(settings);
      if (!signal.aborted) return nc;
      await nc.close().catch(() => undefined);
    } catch (error) {
      if (signal.aborted) break;
      // Not reachable yet: try again after the usual pause (other errors, e.g. a refused
      // authorization, are the caller's to see).
      if (!isUnreachable(error)) throw error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, settings.reconnectTimeWait);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
  throw signal.reason;
}

function isAuthorizationError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return name === 'AuthorizationError' || /authorization violation|user authentication/i.test(message);
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  return code === 'ECONNREFUSED' || code === 'CONNECTION_REFUSED' || name === 'ConnectionError' || name === 'TimeoutError';
}

/** True while the connection is open and not reconnecting (for /health/ready). */
export function isNatsConnected(nc: NatsConnection): boolean {
  if (nc.isClosed() || nc.isDraining()) return false;
  return connectedState.get(nc) ?? true;
}

async function watchStatus(nc: NatsConnection, logger: Log): Promise<void> {
  try {
    for await (const status of nc.status()) {
      track(nc, status);
      logStatus(logger, status);
    }
  } catch (error) {
    logger.warn({ err: String(error) }, 'NATS status stream ended');
  }
  connectedState.set(nc, false);
}

function track(nc: NatsConnection, status: Status): void {
  if (status.type === 'disconnect' || status.type === 'staleConnection' || status.type === 'close') connectedState.set(nc, false);
  if (status.type === 'reconnect') connectedState.set(nc, true);
}

function logStatus(logger: Log, status: Status): void {
  switch (status.type) {
    case 'disconnect':
      logger.warn({ server: status.server }, 'NATS disconnected; reconnecting');
      return;
    case 'reconnect':
      logger.info({ server: status.server }, 'NATS reconnected');
      return;
    case 'staleConnection':
      logger.warn({}, 'NATS connection stale; reconnecting');
      return;
    case 'ldm':
      logger.warn({ server: status.server }, 'NATS server entering lame duck mode');
      return;
    case 'error':
      logger.error({ err: status.error.message }, 'NATS server error');
      return;
    case 'close':
      logger.info({}, 'NATS connection closed');
      return;
    case 'reconnecting':
    case 'update':
      logger.debug({ status: status.type }, 'NATS status');
      return;
    default:
      // pings, slow consumers, forced reconnects: too chatty for info
      return;
  }
}
