import type { Response } from 'express';

/** The category of a refusal, as GraphQL's `extensions.code` names it (plus 500's). */
export type HttpErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

/** Media's routes answer errors as `{ error: { code, reason, message } }` (never a stack), uncached. */
export function sendError(
  res: Response,
  status: number,
  error: { code: HttpErrorCode; reason: string; message: string },
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ ...extra, error });
}

export const notFound = (message = 'No such media file'): { code: HttpErrorCode; reason: string; message: string } => ({
  code: 'NOT_FOUND',
  reason: 'MEDIA.NOT_FOUND',
  message,
});

export const internalError = { code: 'INTERNAL_SERVER_ERROR', reason: 'MEDIA.INTERNAL_ERROR', message: 'Internal server error' } as const;
