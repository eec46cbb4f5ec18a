import { defineConsumer } from '@agora/context-runtime';
import { MediaItemReadyV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * media.item.ready.v1 → the replica of media's facts knows the item as its owner's, READY: from
 * now on the owner may attach it to a post. Once per event (inbox); a deleted item stays deleted.
 */
export const recordMediaOnMediaItemReady = defineConsumer({
  name: 'RecordMediaOnMediaItemReady',
  contract: MediaItemReadyV1,
  async handle({ payload: { mediaId, ownerId, kind, readyAt } }, scope: TransactionScope) {
    await scope.media.recordReady({ mediaId, ownerId, kind, readyAt: new Date(readyAt) });
  },
});
