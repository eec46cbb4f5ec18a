import type { DirectUpload, FileStorage } from '../application/files';
import type { UploadTargets } from '../application/ports';
import type { UrlSigner } from './signed-urls';

/**
 * Where createUpload sends the client: media's own signed PUT route (through the gateway's origin)
 * by default, or a presigned PUT straight to S3-compatible storage at `<id>/raw` when direct
 * uploads are on and the driver supports them.
 */
export function uploadTargets(signer: UrlSigner, storage: Pick<FileStorage, 'presignPut'>, options: { direct: boolean }): UploadTargets {
  return {
    async uploadTarget({ id, contentType, byteSize, expiresAt }): Promise<DirectUpload> {
      if (options.direct && storage.presignPut) {
        const expiresInSeconds = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
        return storage.presignPut(`${id}/raw`, { contentType, byteSize, expiresInSeconds });
      }
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
