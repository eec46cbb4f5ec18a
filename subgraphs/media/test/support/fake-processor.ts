import { Readable } from 'node:stream';
import type { FileStorage, ProcessedUpload, UploadProcessor } from '../../src/application/files';

/**
 * An UploadProcessor for the context's own integration tests (the real one, sharp + file-type,
 * is tested on its own): bytes starting with `<` are refused as MEDIA.UNSUPPORTED_TYPE; anything
 * else is accepted as the declared type, 10×20 px, copied to `original` (and `thumbnail` for images).
 * Deletes the raw object in every outcome, as the port requires.
 */
export function fakeProcessor(storage: FileStorage): UploadProcessor {
  return {
    async process({ mediaId, rawKey, kind, declaredContentType }): Promise<ProcessedUpload> {
      const raw = await storage.get(rawKey);
      const chunks: Buffer[] = [];
      for await (const chunk of raw!.body) chunks.push(Buffer.from(chunk as Uint8Array));
      const bytes = Buffer.concat(chunks);
      await storage.delete([rawKey]);
      if (bytes[0] === '<'.charCodeAt(0)) return { ok: false, reason: 'MEDIA.UNSUPPORTED_TYPE', message: 'not an image' };
      const put = (variant: string, type: string) =>
        storage.put(`${mediaId}/${variant}`, Readable.from([bytes]), { contentType: type, maxBytes: bytes.length });
      const original = await put('original', declaredContentType);
      const thumbnail = kind === 'IMAGE' ? await put('thumbnail', 'image/webp') : null;
      return {
        ok: true,
        contentType: declaredContentType,
        byteSize: bytes.length,
        width: kind === 'IMAGE' ? 10 : null,
        height: kind === 'IMAGE' ? 20 : null,
        original,
        thumbnail,
      };
    },
  };
}
