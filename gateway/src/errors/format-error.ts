import type { Logger } from '@agora/service-kit';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isLimitReason, tokenLimitError } from '../limits/request-limits';

/** Codes frontends switch on (API.md); they pass through with reason and field. */
const DOMAIN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);
/** Apollo's request-level codes (parse, validation, CSRF, persisted queries) keep their meaning. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const MASKED_MESSAGE = 'Internal server error';

/**
 * The gateway's error policy, applied to every error of every response:
 * - limit rejections (tagged in request-limits) → BAD_USER_INPUT with their REQUEST.* reason;
 * - typed errors (ours or a subgraph's) → message + code/reason/field/retryAfter, nothing else (no
 *   `serviceName`, no stack, no subgraph internals);
 * - anything else (uncoded subgraph errors, DOWNSTREAM_SERVICE_ERROR, fetch failures, bugs) →
 *   INTERNAL_SERVER_ERROR with a fixed message, logged once here with the real cause.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };

    const tokenLimit = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(formatted.message) : undefined;
    if (tokenLimit) {
      return { message: tokenLimit.message, ...where, extensions: { code: 'BAD_USER_INPUT', reason: tokenLimit.reason } };
    }
    if (isLimitReason(extensions.reason)) {
      return { message: formatted.message, ...where, extensions: { code: 'BAD_USER_INPUT', reason: extensions.reason } };
    }
    if (code && DOMAIN_CODES.has(code)) {
      return { message: formatted.message, ...where, extensions: pick(extensions, ['code', 'reason', 'field', 'retryAfter']) };
    }
    if (code && REQUEST_CODES.has(code)) {
      return { message: formatted.message, ...where, extensions: pick(extensions, ['code', 'reason']) };
    }
    const cause = unwrapResolverError(error);
    logger.error(
      { err: cause, code, serviceName: extensions.serviceName, path: formatted.path, originalMessage: formatted.message },
      'masked an unexpected error',
    );
    // A stable `<CONTEXT>.<REASON>` (e.g. AUTH.JWKS_UNAVAILABLE) says nothing internal; keep it.
    const reason =
      typeof extensions.reason === 'string' && /^[A-Z][A-Z0-9_]*\.[A-Z0-9_]+$/.test(extensions.reason) ? { reason: extensions.reason } : {};
    return { message: MASKED_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', ...reason } };
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
