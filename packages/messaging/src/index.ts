/**
 * @agora/messaging — reliable domain events over NATS JetStream.
 *
 * Producer side: the state change and its outbox rows commit in one DB transaction (see
 * @agora/prisma-kit `appendToOutbox`); an OutboxRelay publishes unpublished rows in order with
 * `Nats-Msg-Id` = event id, then marks them published.
 * Consumer side: one durable pull consumer per handler, named `<context>--<handler-in-kebab>`;
 * the handler's effect and its inbox row commit together (prisma-kit `handleOnce`), then ack.
 * Failures nak with backoff; after maxDeliver the message is copied to the DLQ stream and termed.
 */
export type { NatsConnection } from '@nats-io/transport-node';
export type { Log } from './log';
export { connectNats, isNatsConnected, NatsAuthorizationError, type ConnectOptions } from './connection';
export {
  generateNatsUsers,
  NATS_ACCESS,
  NATS_ADMIN_USER,
  natsInboxPrefix,
  natsPasswordVariable,
  natsPermissions,
  natsUserNames,
  REALTIME_STREAM_NAME,
  renderDeployNatsConfig,
  type NatsAccess,
  type NatsPermissions,
  type NatsUser,
} from './access';
export { ensureStreams, isPermissionViolation, DEFAULT_DUPLICATE_WINDOW_MS, DEFAULT_MAX_AGE_MS, type StreamOptions } from './streams';
export { OutboxRelay, type OutboxRecord, type OutboxRelayOptions, type OutboxStore } from './outbox-relay';
export { startConsumers, type ConsumerOptions, type EventHandler, type HandlerContext, type RunningConsumers } from './consumer';
export { DEAD_LETTER_HEADERS } from './dead-letter';
export { exponentialBackoff, InterruptibleDelay, scheduledDelay } from './backoff';
export { deadLetterSubject, durableName } from './names';
export {
  FAULT_HIT_PREFIX,
  FAULT_POINTS,
  parseFaultPoints,
  processFaultPoints,
  type FaultEnv,
  type FaultPoint,
  type FaultPoints,
} from './fault-points';
