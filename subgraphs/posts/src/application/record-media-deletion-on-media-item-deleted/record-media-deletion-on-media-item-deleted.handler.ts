import { defineConsumer } from '@agora/context-runtime';
import { MediaItemDeletedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * media.item.deleted.v1 → the replica keeps a tombstone of the item: it can no longer be
 * attached, even when its `ready` arrives only after this (streams are not ordered across
 * consumers). Posts that already carry it keep the id; media leaves it out of `Post.attachments`.
 */
export const recordMediaDeletionOnMediaItemDeleted = defineConsumer({
  name: 'RecordMediaDeletionOnMediaItemDeleted',
  contract: MediaItemDeletedV1,
  async handle({ payload: { mediaId, ownerId, deletedAt } }, scope: TransactionScope) {
    await scope.media.recordDeleted({ mediaId, ownerId, deletedAt: new Date(deletedAt) });
  },
});
