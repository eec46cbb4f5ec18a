import { defineConsumer } from '@agora/context-runtime';
import { MediaProfileImageChangedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * media.profile-image.changed.v1 → the replica of the user's avatar or banner slot: the whole
 * slot state, applied last-writer-wins by `changedAt` (events of one slot may arrive out of
 * order), once per event (inbox). A null mediaId clears the slot.
 */
export const recordProfileImageOnProfileImageChanged = defineConsumer({
  name: 'RecordProfileImageOnProfileImageChanged',
  contract: MediaProfileImageChangedV1,
  async handle({ payload: { userId, slot, mediaId, changedAt } }, scope: TransactionScope) {
    await scope.profileImages.record({ userId, slot, mediaId, changedAt: new Date(changedAt) });
  },
});
