import type { Clock } from '@agora/kernel';
import type { Logger } from '@agora/service-kit';
import type { Application } from 'express';
import type { FileStorage, UploadProcessor } from '../../application/files';
import type { ProfileImageLookup, UploadService } from '../../application/uploads';
import type { UrlSigner } from '../signed-urls';
import { fileRoute } from './file.route';
import { profileImageRoute } from './profile-image.route';
import { uploadRoute } from './upload.route';

export interface MediaRoutesDeps {
  signer: UrlSigner;
  storage: FileStorage;
  processor: UploadProcessor;
  uploads: UploadService;
  profileImages: ProfileImageLookup;
  clock: Clock;
  logger: Logger;
  /** Lifetime of the file URLs the profile-image redirect signs; default one hour. */
  fileUrlTtlSeconds?: number;
}

export const DEFAULT_FILE_URL_TTL_SECONDS = 3600;

/**
 * Media's HTTP routes beside /graphql, for `defineBoundedContext({ extras })` → `routes(app)`.
 * They are mounted before /graphql's JSON parser and use no body parser: the upload PUT streams.
 * - `PUT /media/uploads/:id?expires&sig`: the upload (see upload.route.ts)
 * - `GET|HEAD /media/files/:id/:variant?expires&sig`: a stored file (see file.route.ts)
 * - `GET /media/users/:userId/avatar|banner`: redirect to the profile image (see profile-image.route.ts)
 */
export function mediaRoutes(deps: MediaRoutesDeps): (app: Application) => void {
  const ttl = deps.fileUrlTtlSeconds ?? DEFAULT_FILE_URL_TTL_SECONDS;
  return (app) => {
    app.put('/media/uploads/:id', uploadRoute(deps));
    app.get('/media/files/:id/:variant', fileRoute(deps));
    app.get('/media/users/:userId/avatar', profileImageRoute(deps, ttl, 'AVATAR'));
    app.get('/media/users/:userId/banner', profileImageRoute(deps, ttl, 'BANNER'));
  };
}
