import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A caller-supplied id is kept only if it is short and log-safe; otherwise we mint one. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Assigns `res.locals.requestId` (echoed as `x-request-id`) before anything else runs. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};
