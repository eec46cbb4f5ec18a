import type { Logger } from '@agora/service-kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createFormatError } from '../../errors/format-error';

/**
 * The transports' own refusals (the engine has its own, gateway/src/realtime/engine/errors.ts;
 * the reasons below use the same names where both refuse the same thing). Always GraphQL errors
 * with `extensions.code` + `extensions.reason` (API.md), never a stack.
 */
export const TRANSPORT_REASONS = {
  /** Per connection: REALTIME_MAX_SUBSCRIPTIONS_PER_CONNECTION (the engine counts per viewer). */
  tooManySubscriptions: 'REALTIME.TOO_MANY_SUBSCRIPTIONS',
  /** NATS is not attached (yet): queries still work, subscriptions wait for it. */
  unavailable: 'REALTIME.UNAVAILABLE',
  /** The engine's end of a subscription whose client reads too slowly (transports close on it). */
  slowConsumer: 'REALTIME.SLOW_CONSUMER',
  /** `after` / `Last-Event-ID` that is not a position this gateway hands out. */
  invalidPosition: 'REALTIME.INVALID_POSITION',
  notReady: 'GATEWAY.NOT_READY',
  malformedRequest: 'REQUEST.MALFORMED_BODY',
  mutationOverGet: 'REQUEST.MUTATION_OVER_GET',
  unsupportedResult: 'REQUEST.UNSUPPORTED_RESULT',
} as const;

export const transportError = (code: string, reason: string, message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code, reason } });

export const unavailable = (): GraphQLError =>
  transportError('SERVICE_UNAVAILABLE', TRANSPORT_REASONS.unavailable, 'Live updates are unavailable right now; try again shortly');

/** Every Subscription field needs a signed-in viewer (API.md); same reason as the subgraphs'. */
export const unauthenticated = (): GraphQLError => transportError('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'You must be signed in');

export const notReady = (): GraphQLError => transportError('INTERNAL_SERVER_ERROR', TRANSPORT_REASONS.notReady, 'The gateway is starting');

/**
 * The gateway's error policy (errors/format-error.ts) for errors the transports produce or the
 * engine refuses with: formatted exactly as on HTTP (SERVICE_UNAVAILABLE is one of its typed codes).
 */
export function createRealtimeErrorFormatter(logger: Logger): (error: GraphQLError) => GraphQLFormattedError {
  const format = createFormatError(logger);
  return (error) => format(error.toJSON(), error);
}

/** The `extensions.reason` values of a result's errors (formatted or not). */
export function reasonsOf(errors: readonly (GraphQLError | GraphQLFormattedError)[] | undefined): string[] {
  return (errors ?? []).map((e) => e.extensions?.reason).filter((r): r is string => typeof r === 'string');
}
