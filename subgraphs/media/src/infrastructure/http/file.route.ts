import { pipeline } from 'node:stream/promises';
import { canonicalUuid, isUuid, type Clock } from '@agora/kernel';
import type { Logger } from '@agora/service-kit';
import type { RequestHandler } from 'express';
import type { FileStorage } from '../../application/files';
import type { FileVariant, UrlSigner } from '../signed-urls';
import { matchesIfNoneMatch, parseRange } from './byte-range';
import { internalError, notFound, sendError } from './http-reply';

export interface FileRouteDeps {
  signer: UrlSigner;
  storage: FileStorage;
  clock: Clock;
  logger: Logger;
}

const VARIANTS: readonly string[] = ['original', 'thumbnail'] satisfies FileVariant[];

/**
 * `GET|HEAD /media/files/:id/:variant?expires&sig`: the signature is the only check (visibility
 * was checked when the URL was issued). Serves the stored type with `nosniff`, inline, cacheable
 * privately until the URL expires, with a strong ETag (`"<id>-<variant>-<byteSize>"`) and one
 * byte range (206/416). An id that is no uuid or a variant other than original/thumbnail is 404
 * before storage is touched, so `<id>/raw` can never be served.
 */
export function fileRoute(deps: FileRouteDeps): RequestHandler {
  const log = deps.logger.child({ route: 'media-file' });
  return async (req, res) => {
    const { id, variant } = req.params;
    if (typeof id !== 'string' || !isUuid(id) || typeof variant !== 'string' || !VARIANTS.includes(variant)) {
      return sendError(res, 404, notFound());
    }
    const mediaId = canonicalUuid(id);
    const now = deps.clock.now();
    const verdict = deps.signer.verify({ purpose: 'file', mediaId, variant: variant as FileVariant }, req.query, now);
    if (!verdict.ok) {
      return verdict.reason === 'EXPIRED'
        ? sendError(res, 410, { code: 'FORBIDDEN', reason: 'MEDIA.URL_EXPIRED', message: 'The file URL has expired' })
        : sendError(res, 403, { code: 'FORBIDDEN', reason: 'MEDIA.BAD_SIGNATURE', message: 'The file URL is not valid' });
    }

    try {
      const key = `${mediaId}/${variant}`;
      const stat = await deps.storage.stat(key);
      if (!stat) return sendError(res, 404, notFound());
      const size = stat.byteSize;
      const etag = `"${mediaId}-${variant}-${size}"`;
      // verify() accepted `expires` as unix seconds in the future.
      const maxAge = Math.max(0, Number(req.query.expires) - Math.floor(now.getTime() / 1000));
      const common = {
        ETag: etag,
        'Cache-Control': `private, max-age=${maxAge}, immutable`,
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'bytes',
        'Content-Disposition': 'inline',
      };
      if (matchesIfNoneMatch(req.get('if-none-match'), etag)) {
        res.status(304).set(common).end();
        return;
      }
      const ifRange = req.get('if-range');
      const wanted =
        req.method === 'GET' && (ifRange === undefined || ifRange.trim() === etag)
          ? parseRange(req.get('range'), size)
          : { kind: 'whole' as const };
      if (wanted.kind === 'unsatisfiable') {
        res.set({ ...common, 'Content-Range': `bytes */${size}` });
        return sendError(res, 416, {
          code: 'BAD_USER_INPUT',
          reason: 'MEDIA.RANGE_NOT_SATISFIABLE',
          message: `The range is outside the file's ${size} bytes`,
        });
      }
      if (req.method === 'HEAD') {
        res.status(200).set(common);
        res.setHeader('Content-Type', stat.contentType);
        res.setHeader('Content-Length', String(size));
        res.end();
        return;
      }

      const range = wanted.kind === 'range' ? wanted.range : undefined;
      const object = await deps.storage.get(key, range);
      if (!object) return sendError(res, 404, notFound());
      res.status(range ? 206 : 200).set(common);
      res.setHeader('Content-Type', object.contentType);
      res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : object.byteSize));
      if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.byteSize}`);
      try {
        await pipeline(object.body, res);
      } catch (error) {
        // A client that stops reading is normal; a storage stream that fails mid-file is not.
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
          log.error({ err: error, mediaId, variant }, 'media file stream failed');
        }
        res.destroy();
      }
    } catch (error) {
      log.error({ err: error, mediaId, variant }, 'media file read failed');
      sendError(res, 500, internalError);
    }
  };
}
