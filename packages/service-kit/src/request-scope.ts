import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** Per-request id and logger, set by the first middleware and read by the GraphQL context. */
export interface RequestScope {
  requestId: string;
  logger: Logger;
}

const scopes = new WeakMap<Request, RequestScope>();

/** Accept the caller's id (gateway, load balancer) only if it is a sane token, else mint one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestScopeMiddleware(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const scope = { requestId, logger: logger.child({ requestId }) };
    scopes.set(req, scope);
    res.setHeader('x-request-id', requestId);
    // The path only: a GET query string can carry variables, and variables can carry secrets.
    const { method, path } = req;
    const started = performance.now();
    res.once('finish', () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      scope.logger.debug({ method, path, status: res.statusCode, durationMs }, 'request');
    });
    next();
  };
}

export function requestScope(req: Request, fallback: Logger): RequestScope {
  return scopes.get(req) ?? { requestId: randomUUID(), logger: fallback };
}
