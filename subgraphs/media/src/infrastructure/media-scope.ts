import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { TransactionScope, UploadTargets } from '../application/ports';
import { unwiredFileCleanup } from './file-cleanup';
import { toEnvelope } from './media-event.mapper';
import { PrismaAlbumRepository } from './prisma-album.repository';
import { PrismaAttachments, PrismaPostFacts, PrismaPostModerations, PrismaProfileImages } from './prisma-links';
import { PrismaMediaRepository } from './prisma-media.repository';
import type { Prisma } from './prisma/__generated__/client';

/**
 * What one transaction offers media's commands and consumers: its repositories over `tx`, the
 * outbox, and where uploads go. `files` is supplied per transaction by `removingFilesAfterCommit`.
 */
export function mediaScope(uploads: UploadTargets) {
  return (tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope => ({
    media: new PrismaMediaRepository(tx),
    albums: new PrismaAlbumRepository(tx),
    profileImages: new PrismaProfileImages(tx),
    attachments: new PrismaAttachments(tx),
    posts: new PrismaPostFacts(tx),
    moderation: new PrismaPostModerations(tx),
    files: unwiredFileCleanup,
    uploads,
    outbox: eventOutbox(outbox, toEnvelope),
  });
}
