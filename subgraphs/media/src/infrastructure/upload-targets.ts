import type { DirectUpload } from '../application/files';
import type { UploadTargets } from '../application/ports';
import type { UrlSigner } from './signed-urls';

/**
 * Where createUpload sends the client: media's own signed PUT route, on the gateway's origin.
 * With the S3 driver the bytes still stream through that route into the bucket, so every upload
 * is sniffed, cleaned and completed by the same code. (The driver can presign PUTs straight to
 * the bucket, but nothing would then process the object: direct uploads need a completion step,
 * e.g. bucket notifications, and are not offered.)
 */
export function uploadTargets(signer: UrlSigner): UploadTargets {
  return {
    async uploadTarget({ id, contentType, byteSize, expiresAt }): Promise<DirectUpload> {
      return {
        url: signer.sign({ purpose: 'upload', mediaId: id }, expiresAt),
        method: 'PUT',
        headers: [
          { name: 'Content-Type', value: contentType },
          { name: 'Content-Length', value: String(byteSize) },
        ],
      };
    },
  };
}
