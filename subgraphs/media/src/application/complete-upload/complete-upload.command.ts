import { defineCommand, uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import type { ProcessedUpload } from '../files';
import type { TransactionScope } from '../ports';

/**
 * The processed upload lands: UPLOADING → READY (media.item.ready.v1) or FAILED with the reason
 * (media.item.failed.v1), row and event in one transaction; the owner is the events' actor. When
 * the item is no longer UPLOADING (deleted or swept meanwhile) nothing is recorded and the files
 * just written are removed after the commit; a failure's files are removed too (idempotent).
 */
export const completeUpload = defineCommand({
  name: 'completeUpload',
  input: z.object({ mediaId: uuidInput(), result: z.custom<ProcessedUpload>((value) => typeof value === 'object' && value !== null) }),
  viewer: 'optional',
  async handle({ input: { mediaId, result }, metadata, now }, { media, files, outbox }: TransactionScope): Promise<void> {
    if (result.ok) {
      const item = await media.markReady(
        mediaId,
        {
          contentType: result.contentType,
          byteSize: result.byteSize,
          width: result.width,
          height: result.height,
          hasThumbnail: result.thumbnail !== null,
        },
        now,
      );
      if (!item) return files.removeFilesOf([mediaId]);
      await outbox.append(
        [
          {
            type: 'MediaItemReady',
            mediaId,
            ownerId: item.ownerId,
            kind: item.kind,
            contentType: result.contentType,
            byteSize: result.byteSize,
            width: result.width,
            height: result.height,
            at: now,
          },
        ],
        { ...metadata, actorId: item.ownerId },
      );
      return;
    }
    files.removeFilesOf([mediaId]);
    const item = await media.markFailed(mediaId, result.reason);
    if (item) {
      await outbox.append([{ type: 'MediaItemFailed', mediaId, ownerId: item.ownerId, reason: result.reason, at: now }], {
        ...metadata,
        actorId: item.ownerId,
      });
    }
  },
});
