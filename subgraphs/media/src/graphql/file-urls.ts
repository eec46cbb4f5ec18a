import type { Clock } from '@agora/kernel';
import type { UrlSigner } from '../infrastructure/signed-urls';
import type { FileUrls } from './context';

/** How long an issued file URL lasts at least; expiries are rounded up to the next TTL boundary, so URLs stay stable (cacheable) for a while. */
export const FILE_URL_TTL_MS = 60 * 60 * 1000;

/** Signed file URLs valid for one to two hours, the same URL for every request in the same hour. */
export function fileUrls(signer: UrlSigner, clock: Clock, ttlMs = FILE_URL_TTL_MS): FileUrls {
  const expiry = () => new Date((Math.floor(clock.now().getTime() / ttlMs) + 2) * ttlMs);
  return {
    original: (item) =>
      item.status === 'READY' ? signer.sign({ purpose: 'file', mediaId: item.id, variant: 'original' }, expiry()) : null,
    thumbnail: (item) =>
      item.status === 'READY' && item.hasThumbnail
        ? signer.sign({ purpose: 'file', mediaId: item.id, variant: 'thumbnail' }, expiry())
        : null,
  };
}
