import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '@agora/service-kit';
import { LIMIT_REASONS } from '../limits/request-limits';
import { MASKED_MESSAGE } from '../errors/format-error';

/** Errors raised before Apollo sees the request still answer in GraphQL's response shape. */
export function sendGraphQLError(res: Response, status: number, message: string, extensions: Record<string, unknown>): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions }] }));
}

/** body-parser failures (too large, malformed JSON, bad charset) → typed GraphQL errors. */
export function bodyErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown }).type;
    const status = (error as { status?: unknown }).status;
    if (type === 'entity.too.large') {
      return sendGraphQLError(res, 413, 'The request body is too large', { code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.bodySize });
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendGraphQLError(res, status, 'The request body is not valid JSON', { code: 'BAD_REQUEST', reason: 'REQUEST.MALFORMED_BODY' });
    }
    logger.error({ err: error }, 'unexpected HTTP error');
    return sendGraphQLError(res, 500, MASKED_MESSAGE, { code: 'INTERNAL_SERVER_ERROR' });
  };
}
