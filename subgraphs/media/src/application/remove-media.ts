import type { EventMetadata } from '@agora/kernel';
import type { MediaItemState } from '../domain/media-item/media-item';
import type { MediaEvent } from '../domain/media-item/media-item.events';
import type { TransactionScope } from './ports';

/**
 * Deletes items (locked by the caller) in the current transaction: each profile-image slot showing
 * one is cleared (media.profile-image.changed.v1 with null), the rows go (album entries and
 * attachments with them), media.item.deleted.v1 per item, and the files are removed after the commit.
 */
export async function removeMedia(
  scope: Pick<TransactionScope, 'media' | 'profileImages' | 'files' | 'outbox'>,
  items: readonly MediaItemState[],
  metadata: EventMetadata,
  at: Date,
): Promise<void> {
  const events: MediaEvent[] = [];
  for (const item of items) {
    for (const { userId, slot } of await scope.profileImages.slotsShowing(item.id)) {
      events.push({ type: 'ProfileImageChanged', userId, slot, mediaId: null, at });
    }
    await scope.media.delete(item.id);
    events.push({ type: 'MediaItemDeleted', mediaId: item.id, ownerId: item.ownerId, at });
  }
  await scope.outbox.append(events, metadata);
  scope.files.removeFilesOf(items.map((item) => item.id));
}
