import { canonicalUuid, isUuid, type Clock } from '@agora/kernel';
import type { Logger } from '@agora/service-kit';
import type { RequestHandler } from 'express';
import type { ProfileImageLookup } from '../../application/uploads';
import type { UrlSigner } from '../signed-urls';
import { internalError, notFound, sendError } from './http-reply';

export interface ProfileImageRouteDeps {
  signer: UrlSigner;
  profileImages: ProfileImageLookup;
  clock: Clock;
  logger: Logger;
}

/** How long browsers and proxies may reuse the redirect (the signed URL outlives it by far). */
export const PROFILE_IMAGE_CACHE_CONTROL = 'public, max-age=60';

/**
 * `GET /media/users/:userId/avatar|banner`: a stable URL for a public image (profiles' deprecated
 * `avatarUrl` returns it): 302 to a freshly signed URL of the item's original, 404 when unset.
 */
export function profileImageRoute(deps: ProfileImageRouteDeps, fileUrlTtlSeconds: number, slot: 'AVATAR' | 'BANNER'): RequestHandler {
  const log = deps.logger.child({ route: 'media-profile-image', slot });
  return async (req, res) => {
    const userId = req.params.userId;
    const unset = notFound(slot === 'AVATAR' ? 'No avatar is set' : 'No banner is set');
    if (typeof userId !== 'string' || !isUuid(userId)) return sendError(res, 404, unset);
    try {
      const image = await deps.profileImages.profileImage(canonicalUuid(userId), slot);
      if (!image) return sendError(res, 404, unset);
      const expiresAt = new Date(deps.clock.now().getTime() + fileUrlTtlSeconds * 1000);
      const location = deps.signer.sign({ purpose: 'file', mediaId: image.mediaId, variant: 'original' }, expiresAt);
      res.set('Cache-Control', PROFILE_IMAGE_CACHE_CONTROL).redirect(302, location);
    } catch (error) {
      log.error({ err: error, userId }, 'profile image lookup failed');
      sendError(res, 500, internalError);
    }
  };
}
