import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { MASKED_MESSAGE } from './errors';
import { requestScope } from './request-scope';

/** Failures that happen before GraphQL runs still answer in GraphQL's error shape. */
export function sendGraphQLError(res: Response, status: number, message: string, extensions: Record<string, unknown>): void {
  res.status(status).json({ errors: [{ message, extensions }] });
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Last express error handler: body-parser's typed errors (too large, malformed JSON, bad
 * charset) become typed 4xx responses; anything else is logged once and masked.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const { type, status } = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
    if (type === 'entity.too.large') {
      const limit = (err as BodyParserError).limit;
      const message = limit ? `Request body is larger than the ${limit}-byte limit` : 'Request body is too large';
      return sendGraphQLError(res, 413, message, { code: 'BAD_USER_INPUT', reason: 'REQUEST.TOO_LARGE' });
    }
    if (type === 'entity.parse.failed') {
      return sendGraphQLError(res, 400, 'Request body is not valid JSON', { code: 'BAD_USER_INPUT', reason: 'REQUEST.MALFORMED_JSON' });
    }
    if (type !== undefined && typeof status === 'number' && status >= 400 && status < 500) {
      return sendGraphQLError(res, status, 'Request body could not be read', { code: 'BAD_USER_INPUT', reason: 'REQUEST.INVALID_BODY' });
    }
    requestScope(req, logger).logger.error({ err }, 'unhandled error in HTTP handler');
    return sendGraphQLError(res, 500, MASKED_MESSAGE, { code: 'INTERNAL_SERVER_ERROR' });
  };
}
