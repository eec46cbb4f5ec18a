import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, type ErrorCode } from '@agora/kernel';
import type { z } from 'zod';

export { DomainError, type ErrorCode };

const EXPECTED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
]);

/**
 * Codes Apollo Server / graphql-js put on request-level failures (parse, validation, variable
 * coercion). They describe the client's request, so they reach the client unmasked.
 */
const REQUEST_LEVEL_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const MASKED_MESSAGE = 'Internal server error';

/**
 * Validates `input` with a zod schema; the first issue becomes a DomainError BAD_USER_INPUT with
 * `field` = the issue's path (dot-joined) and reason `<context>.INVALID_INPUT` (or `<context>.<params.reason>`
 * when a custom refinement names one, as the user-text rule does).
 *
 * Resolvers usually pass `args.input`, so the path is already relative to the input object
 * (`email`, `links.0.url`); a leading `input` segment is dropped for callers that pass `args`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, context: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  if (path[0] === 'input' && path.length > 1) path.shift();
  const field = path.length > 0 ? path.join('.') : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'Invalid input';
  // A refinement may name its own reason (the user-text rule: `params.reason` = CONTROL_CHARACTER, …).
  const params = issue?.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
  const reason = typeof params?.reason === 'string' ? params.reason : 'INVALID_INPUT';
  throw new DomainError('BAD_USER_INPUT', `${context.toUpperCase()}.${reason}`, message, field);
}

/** Follows `originalError` links (graphql-js and Apollo wrap what a resolver threw) to the cause. */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

function maskedError(): GraphQLError {
  return new GraphQLError(MASKED_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

function domainExtensions(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code, reason: error.reason };
  if (error.field !== undefined) extensions.field = error.field;
  if (error.retryAfter !== undefined) extensions.retryAfter = error.retryAfter;
  return extensions;
}

/** DomainError → GraphQLError with extensions { code, reason, field, retryAfter }. Anything else → masked INTERNAL_SERVER_ERROR. */
export function toGraphQLError(error: unknown): GraphQLError {
  const cause = rootCause(error);
  if (cause instanceof DomainError) return new GraphQLError(cause.message, { extensions: domainExtensions(cause) });
  return maskedError();
}

/**
 * True when an error is meant for the client: a DomainError anywhere in the chain, a
 * request-level error from Apollo/graphql-js (no `path`: it never reached a resolver), or a
 * GraphQLError thrown on purpose with one of the API's codes.
 */
export function isExpectedError(error: unknown): boolean {
  const cause = rootCause(error);
  if (cause instanceof DomainError) return true;
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions.code;
  if (typeof code !== 'string') return false;
  if (!error.path && REQUEST_LEVEL_CODES.has(code)) return true;
  return cause instanceof GraphQLError && EXPECTED_CODES.has(code);
}

/**
 * Apollo `formatError`: DomainErrors keep { code, reason, field, retryAfter }; request-level and deliberate
 * GraphQLErrors keep Apollo's shape; everything else is masked. Stack traces never leave (the
 * server also sets includeStacktraceInErrorResponses: false). Logging happens elsewhere, once,
 * where the request context is known.
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const cause = rootCause(error);
  if (cause instanceof DomainError) {
    return { message: cause.message, ...where, extensions: domainExtensions(cause) };
  }
  if (isExpectedError(error)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: MASKED_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
