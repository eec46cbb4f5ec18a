import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import type { Log } from './log';

export interface ConnectOptions {
  /** e.g. nats://127.0.0.1:4222 (comma-separated list allowed). */
  servers: string;
  /** Connection name shown in NATS monitoring, e.g. `posts`. */
  name: string;
  logger: Log;
  /** Pause between (re)connect attempts; default 1 s. Tests lower it to see a restarted server sooner. */
  reconnectTimeWaitMs?: number;
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
  const nc = await connect({
    servers,
    name: options.name,
    // Start-up order must not matter: a service booting before NATS waits instead of crashing.
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
  });
  connectedState.set(nc, true);
  logger.info({ server: nc.getServer() }, 'connected to NATS');
  void watchStatus(nc, logger);
  return nc;
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
