import { PassThrough } from 'node:stream';
import { canonicalUuid, isUuid, type Clock } from '@agora/kernel';
import type { Logger } from '@agora/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import { BodyTooLargeError, type FileStorage, type ProcessedUpload, type UploadProcessor } from '../../application/files';
import type { ClaimRefusal, UploadService } from '../../application/uploads';
import type { UrlSigner } from '../signed-urls';
import { internalError, notFound, sendError, type HttpErrorCode } from './http-reply';

export interface UploadRouteDeps {
  signer: UrlSigner;
  storage: FileStorage;
  processor: UploadProcessor;
  uploads: UploadService;
  clock: Clock;
  logger: Logger;
}

/**
 * After a refusal, this much of a body still on the wire is read and dropped so the client gets
 * the answer on a clean connection; a longer rest closes the connection instead of reading it.
 */
const DRAIN_LIMIT = 1024 * 1024;

const REFUSED: Record<ClaimRefusal, [number, HttpErrorCode, string, string]> = {
  NOT_FOUND: [404, 'NOT_FOUND', 'MEDIA.NOT_FOUND', 'No such upload'],
  ALREADY_UPLOADED: [409, 'CONFLICT', 'MEDIA.ALREADY_UPLOADED', 'This upload has already been sent'],
  EXPIRED: [410, 'FORBIDDEN', 'MEDIA.UPLOAD_EXPIRED', 'The upload URL has expired'],
};

class ClientAbortedError extends Error {
  constructor() {
    super('the client went away before the body ended');
    this.name = 'ClientAbortedError';
  }
}

/**
 * `PUT /media/uploads/:id?expires&sig`: the bytes of a createUpload ticket. No body parser: the
 * request streams into storage at `<id>/raw` (limited to the declared size), then the
 * UploadProcessor checks and cleans it and UploadService.complete records READY or FAILED.
 * The item is claimed only once the URL's signature and expiry are valid; a PUT that breaks off
 * (client gone, storage error) releases it so the client may retry until the URL expires.
 */
export function uploadRoute(deps: UploadRouteDeps): RequestHandler {
  const log = deps.logger.child({ route: 'media-upload' });
  return async (req, res) => {
    const id = req.params.id;
    if (typeof id !== 'string' || !isUuid(id)) return refuseUnread(req, res, 404, notFound('No such upload'));
    const mediaId = canonicalUuid(id);
    const verdict = deps.signer.verify({ purpose: 'upload', mediaId }, req.query, deps.clock.now());
    if (!verdict.ok) {
      return verdict.reason === 'EXPIRED'
        ? refuseUnread(req, res, 410, { code: 'FORBIDDEN', reason: 'MEDIA.UPLOAD_EXPIRED', message: 'The upload URL has expired' })
        : refuseUnread(req, res, 403, { code: 'FORBIDDEN', reason: 'MEDIA.BAD_SIGNATURE', message: 'The upload URL is not valid' });
    }

    let claimed = false;
    const rawKey = `${mediaId}/raw`;
    try {
      const claim = await deps.uploads.claim(mediaId);
      if ('refused' in claim) {
        const [status, code, reason, message] = REFUSED[claim.refused];
        return refuseUnread(req, res, status, { code, reason, message });
      }
      claimed = true;
      const declared = claim.declaredByteSize;
      const length = contentLength(req);
      if (length !== undefined && length > declared) {
        // Nothing was read: the item goes back to PENDING, a correct body may still follow.
        claimed = false;
        await deps.uploads.release(mediaId);
        return refuseUnread(req, res, 413, sizeMismatch(declared));
      }

      const body = detachedBody(req);
      try {
        await deps.storage.put(rawKey, body.stream, { contentType: claim.declaredContentType, maxBytes: declared });
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          await deps.storage.delete([rawKey]);
          const failure = sizeMismatch(declared);
          const result: ProcessedUpload = { ok: false, reason: 'MEDIA.SIZE_MISMATCH', message: failure.message };
          await deps.uploads.complete(mediaId, result);
          claimed = false;
          return refuseUnread(req, res, 413, failure, { id: mediaId, status: 'FAILED', reason: result.reason });
        }
        if (body.aborted()) {
          claimed = false;
          await deps.storage.delete([rawKey]);
          await deps.uploads.release(mediaId);
          log.info({ mediaId }, 'upload broke off; released');
          return;
        }
        throw error;
      } finally {
        body.detach();
      }

      const result = await deps.processor.process({
        mediaId,
        rawKey,
        kind: claim.kind,
        declaredContentType: claim.declaredContentType,
        declaredByteSize: declared,
      });
      await deps.uploads.complete(mediaId, result);
      claimed = false;
      if (result.ok) {
        res.status(200).set('Cache-Control', 'no-store').json({ id: mediaId, status: 'READY' });
      } else {
        sendError(
          res,
          422,
          { code: 'BAD_USER_INPUT', reason: result.reason, message: result.message },
          { id: mediaId, status: 'FAILED', reason: result.reason },
        );
      }
    } catch (error) {
      log.error({ err: error, mediaId }, 'media upload failed');
      if (claimed) await giveBack(deps, mediaId, log);
      refuseUnread(req, res, 500, internalError);
    }
  };
}

function sizeMismatch(declared: number) {
  return {
    code: 'BAD_USER_INPUT' as const,
    reason: 'MEDIA.SIZE_MISMATCH',
    message: `The body is larger than the declared ${declared} bytes`,
  };
}

function contentLength(req: Request): number | undefined {
  const header = req.headers['content-length'];
  // Node's parser already refused a malformed length, and a length beside chunked encoding.
  return header === undefined ? undefined : Number(header);
}

/**
 * The request body as a stream storage may consume and destroy without taking the socket with
 * it (`pipeline(body, …)` destroys its source on error, and a destroyed, incomplete `req` may take
 * the connection with it, so whether a 413 can still be sent would depend on the driver). Nothing is buffered beyond the streams'
 * high-water marks; backpressure reaches the client. A client that goes away mid-body destroys
 * the stream with an error, so the put fails instead of hanging.
 */
function detachedBody(req: Request): { stream: PassThrough; aborted(): boolean; detach(): void } {
  const stream = new PassThrough();
  // Storage sees the error through its own listeners; this one only keeps a late one from crashing.
  stream.on('error', () => {});
  let aborted = false;
  const onGone = () => {
    if (req.complete) return;
    aborted = true;
    stream.destroy(new ClientAbortedError());
  };
  req.on('error', onGone);
  req.on('close', onGone);
  req.pipe(stream);
  return {
    stream,
    aborted: () => aborted,
    detach: () => {
      req.unpipe(stream);
      req.off('close', onGone);
      // Keep an error listener: an abort after this point must not become an uncaught error.
      req.off('error', onGone);
      req.on('error', () => {});
    },
  };
}

/**
 * Answers without (more of) the body: a short rest is read and dropped so the client, which is
 * usually still sending, reads the answer on a clean connection; a long or unknown rest closes it.
 */
function refuseUnread(
  req: Request,
  res: Response,
  status: number,
  error: { code: HttpErrorCode; reason: string; message: string },
  extra?: Record<string, unknown>,
): void {
  if (!req.complete && !req.destroyed) {
    const length = contentLength(req);
    let dropped = 0;
    req.on('error', () => {});
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_LIMIT) req.socket.destroy();
    });
    if (length !== undefined && length > DRAIN_LIMIT) res.set('Connection', 'close');
    req.resume();
  }
  sendError(res, status, error, extra);
}

async function giveBack(deps: UploadRouteDeps, mediaId: string, log: Logger): Promise<void> {
  try {
    await deps.storage.delete([`${mediaId}/raw`, `${mediaId}/original`, `${mediaId}/thumbnail`]);
    await deps.uploads.release(mediaId);
  } catch (error) {
    log.error({ err: error, mediaId }, 'could not release a failed upload');
  }
}
