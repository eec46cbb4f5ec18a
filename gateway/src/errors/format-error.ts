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
 * In production no message keeps a "Did you mean …?" suggestion (fields, arguments, types, enum
 * values — also those graphql-js writes while coercing variables, which Apollo's
 * hideSchemaDetailsFromClientErrors does not reach): a suggestion spells out the schema that
 * introspection being off is meant to keep to itself.
 */
export function createFormatError(logger: Logger, options: FormatErrorOptions = {}) {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  return (original: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted = production ? withoutSuggestions(original) : original;
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

export interface FormatErrorOptions {
  /** Strip schema suggestions; default: NODE_ENV=production (what the gateway's config.production reads). */
  production?: boolean;
}

/** graphql-js ends a message with ` Did you mean "a", "b", or "c"?` (validation and variable coercion alike). */
const SUGGESTION = /\s*Did you mean [^?]*\?\s*$/;

function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return SUGGESTION.test(formatted.message) ? { ...formatted, message: formatted.message.replace(SUGGESTION, '') } : formatted;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
