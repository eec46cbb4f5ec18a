import type { Logger } from '@agora/service-kit';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createFormatError } from '../../errors/format-error';

/**
 * The engine's refusals and endings, always GraphQL errors with `extensions.code` and
 * `extensions.reason` (API.md), never a stack or a subgraph's internals.
 *
 * Ends the engine decides on its own (the rest come from `@agora/realtime`'s routing):
 * - SLOW_CONSUMER: a subscription whose client does not read fast enough (more than
 *   `limits.bufferMessages` deliveries waiting) is ended with SERVICE_UNAVAILABLE /
 *   `REALTIME.SLOW_CONSUMER`, carrying the position of the last message the client took, so it
 *   can resume from there without losing anything.
 * - UNAVAILABLE: the stream of positions was lost (REALTIME recreated under the engine); clients
 *   resubscribe.
 */
export type RealtimeErrorCode =
  'UNAUTHENTICATED' | 'BAD_REQUEST' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'SERVICE_UNAVAILABLE' | 'GRAPHQL_VALIDATION_FAILED';

export function realtimeError(code: RealtimeErrorCode, reason: string | undefined, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(reason !== undefined && { reason }), ...(field !== undefined && { field }) },
  });
}

export const REASONS = {
  notASubscription: 'REALTIME.NOT_A_SUBSCRIPTION',
  invalidArgument: 'REALTIME.INVALID_INPUT',
  invalidPosition: 'REALTIME.INVALID_POSITION',
  tooManySubscriptions: 'REALTIME.TOO_MANY_SUBSCRIPTIONS',
  slowConsumer: 'REALTIME.SLOW_CONSUMER',
  unavailable: 'REALTIME.UNAVAILABLE',
  unknownOperation: 'REALTIME.UNKNOWN_OPERATION',
} as const;

export const unauthenticated = (): GraphQLError => realtimeError('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'You must be signed in');
export const unavailable = (message = 'Live updates are unavailable right now; try again shortly'): GraphQLError =>
  realtimeError('SERVICE_UNAVAILABLE', REASONS.unavailable, message);
export const slowConsumer = (): GraphQLError =>
  realtimeError(
    'SERVICE_UNAVAILABLE',
    REASONS.slowConsumer,
    'Too many messages were waiting for this subscription; resubscribe with the last position you received',
  );

/**
 * Applies the gateway's error policy (errors/format-error.ts) to a resolved payload: typed
 * errors keep message + code/reason/field, anything else becomes INTERNAL_SERVER_ERROR with a fixed
 * message and is logged once here with its real cause. The executor's `extensions` (e.g. its
 * internal `valueCompletion` details) are dropped. Transports can send the result as is.
 */
export function createPayloadMasker(logger: Logger): (result: ExecutionResult) => ExecutionResult {
  const format = createFormatError(logger);
  return (result) => {
    const data = result.data === undefined ? {} : { data: result.data };
    if (!result.errors?.length) return data;
    const errors = result.errors.map((error) => {
      const formatted = format(error.toJSON(), error);
      return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
    });
    return { ...data, errors };
  };
}
