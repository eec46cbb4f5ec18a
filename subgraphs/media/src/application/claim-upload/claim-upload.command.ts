import { defineCommand, uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import type { TransactionScope } from '../ports';
import type { ClaimRefusal, UploadClaim } from '../uploads';

/**
 * The upload route's first step (no viewer: the signed URL is the authority): PENDING → UPLOADING
 * in one conditional UPDATE, so of two concurrent PUTs exactly one wins. Refusals: NOT_FOUND (no
 * such item), EXPIRED (still PENDING, window closed), ALREADY_UPLOADED (anything else).
 */
export const claimUpload = defineCommand({
  name: 'claimUpload',
  input: z.object({ mediaId: uuidInput() }),
  viewer: 'optional',
  async handle({ input, now }, { media }: TransactionScope): Promise<UploadClaim | { refused: ClaimRefusal }> {
    const claimed = await media.claim(input.mediaId, now);
    if (claimed) {
      return {
        mediaId: claimed.id,
        ownerId: claimed.ownerId,
        kind: claimed.kind,
        declaredContentType: claimed.declaredContentType,
        declaredByteSize: claimed.declaredByteSize,
      };
    }
    const item = await media.findForUpdate(input.mediaId);
    if (!item) return { refused: 'NOT_FOUND' };
    if (item.status === 'PENDING') return { refused: 'EXPIRED' };
    return { refused: 'ALREADY_UPLOADED' };
  },
});
