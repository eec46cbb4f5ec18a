import { audienceReplicaConsumers } from '@agora/audience';
import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { createLogger, hasRole } from '@agora/service-kit';
import { attachMediaOnPostPublished } from './application/attach-media-on-post-published/attach-media-on-post-published.handler';
import { detachMediaOnPostDeleted } from './application/detach-media-on-post-deleted/detach-media-on-post-deleted.handler';
import type { FileStorage, UploadProcessor } from './application/files';
import { hideAttachmentsOnContentRemoved } from './application/hide-attachments-on-content-removed/hide-attachments-on-content-removed.handler';
import { showAttachmentsOnContentRestored } from './application/show-attachments-on-content-restored/show-attachments-on-content-restored.handler';
import { pipelineUploadService } from './application/upload-service';
import type { MediaConfig } from './config';
import { fileUrls } from './graphql/file-urls';
import type { MediaContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { removingFilesAfterCommit } from './infrastructure/file-cleanup';
import { mediaRoutes } from './infrastructure/http/media-routes';
import { defaultProcessor, defaultStorage } from './infrastructure/media-parts';
import { mediaScope } from './infrastructure/media-scope';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaMediaQueries } from './infrastructure/prisma-media.queries';
import { PrismaProfileImageLookup } from './infrastructure/prisma-profile-image.lookup';
import { UrlSigner } from './infrastructure/signed-urls';
import { uploadSweeper } from './infrastructure/upload-sweeper';
import { uploadTargets } from './infrastructure/upload-targets';

export interface MediaOverrides extends ContextOverrides {
  /** Instead of the configured driver (tests). */
  storage?: FileStorage;
  /** Instead of the sharp/file-type processor over the storage (tests). */
  processor?: UploadProcessor;
}
export type RunningMedia = RunningContext<PrismaClient> & { storage: FileStorage; signer: UrlSigner };

/**
 * The media subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime), plus its HTTP routes (upload PUT, file GET, profile-image redirect), a
 * storage readiness check and the sweeper of unfinished uploads. MEDIA is published to; POSTS,
 * SOCIAL (attachments and the audience replica) and MODERATION (removed posts) are consumed and
 * ensured too, so start order does not matter.
 */
export async function startMedia(config: MediaConfig, overrides: MediaOverrides = {}): Promise<RunningMedia> {
  const { storage: givenStorage, processor: givenProcessor, ...runtime } = overrides;
  const storage = givenStorage ?? defaultStorage(config);
  const processor = givenProcessor ?? defaultProcessor(storage);
  const signer = new UrlSigner(config.media.urlSecret, config.media.publicUrl);
  const logger = runtime.logger ?? createLogger('media', config.logLevel);

  const start = defineBoundedContext({
    name: 'media',
    appUrl: import.meta.url,
    createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
    streams: [STREAMS.MEDIA, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MODERATION],
    scope: mediaScope(uploadTargets(signer)),
    // Files are removed once the transaction that let go of them committed.
    wrapUnitOfWork: (unitOfWork) => removingFilesAfterCommit(unitOfWork, storage, logger),
    consumers: [attachMediaOnPostPublished, detachMediaOnPostDeleted, hideAttachmentsOnContentRemoved, showAttachmentsOnContentRestored],
    moreHandlers: (prisma) => audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true }),
    typeDefs,
    resolvers,
    requestContext: ({ prisma, commands, clock }) => {
      const queries = new PrismaMediaQueries(prisma);
      const files = fileUrls(signer, clock);
      return (base): MediaContext => ({
        ...base,
        commands,
        files,
        loaders: createLoaders(queries, base.viewer?.userId ?? null, { moderator: hasRole(base.viewer, 'MODERATOR') }),
      });
    },
    extras: ({ prisma, commands, clock, logger: contextLogger }) => ({
      routes: mediaRoutes({
        signer,
        storage,
        processor,
        uploads: pipelineUploadService(commands),
        profileImages: new PrismaProfileImageLookup(prisma),
        clock,
        logger: contextLogger,
      }),
      readinessChecks: { storage: () => storage.ping() },
      background: [uploadSweeper(commands, contextLogger, config.media.sweepIntervalMs)],
    }),
  });
  const running = await start(config, { ...runtime, logger });
  return { ...running, storage, signer };
}
