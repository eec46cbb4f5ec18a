import { defineCommand } from '@agora/context-runtime';
import { announceUpload } from '../../domain/media-item/media-item';
import { MEDIA_LIMITS } from '../files';
import { createUploadInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { UploadTicketView } from '../views';

/**
 * `createUpload`: checks the announced kind, type and size against MEDIA_LIMITS, records a PENDING
 * item of the viewer's and answers where to PUT the bytes (media's signed route, or a presigned
 * storage URL), valid for 15 minutes. No event: nobody outside media knows an item before it is READY.
 */
export const createUpload = defineCommand({
  name: 'createUpload',
  input: createUploadInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids }, { media, uploads }: TransactionScope): Promise<UploadTicketView> {
    const item = announceUpload({ id: ids.newId(), ownerId: actor.id, ...input, limits: MEDIA_LIMITS[input.kind], at: now });
    await media.insert(item);
    const target = await uploads.uploadTarget({
      id: item.id,
      contentType: item.declaredContentType,
      byteSize: item.declaredByteSize,
      expiresAt: item.uploadExpiresAt,
    });
    return { item, uploadUrl: target.url, method: target.method, headers: target.headers, expiresAt: item.uploadExpiresAt };
  },
});
