import {
  createEvent,
  MediaItemDeletedV1,
  MediaItemFailedV1,
  MediaItemReadyV1,
  MediaProfileImageChangedV1,
  type EventEnvelope,
} from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { MediaEvent } from '../domain/media-item/media-item.events';

/** The aggregate version of an item's events: ready/failed end the upload (1), deletion is the last (2). */
const ITEM_VERSION = { MediaItemReady: 1, MediaItemFailed: 1, MediaItemDeleted: 2 } as const;

/**
 * Domain events → the published language (`media.*.v1` envelopes). An item's events have the item
 * as aggregate; a profile-image change has the user (the slot's state is whole, last writer wins
 * by `changedAt`). `createEvent` validates each payload, so a bad event fails the transaction.
 */
export function toEnvelope(event: MediaEvent, metadata: EventMetadata): EventEnvelope {
  const common = {
    occurredAt: event.at,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
  };
  const at = event.at.toISOString();
  switch (event.type) {
    case 'MediaItemReady':
      return createEvent(MediaItemReadyV1, {
        ...common,
        aggregateId: event.mediaId,
        aggregateVersion: ITEM_VERSION.MediaItemReady,
        payload: {
          mediaId: event.mediaId,
          ownerId: event.ownerId,
          kind: event.kind,
          contentType: event.contentType,
          byteSize: event.byteSize,
          width: event.width,
          height: event.height,
          readyAt: at,
        },
      });
    case 'MediaItemFailed':
      return createEvent(MediaItemFailedV1, {
        ...common,
        aggregateId: event.mediaId,
        aggregateVersion: ITEM_VERSION.MediaItemFailed,
        payload: { mediaId: event.mediaId, ownerId: event.ownerId, reason: event.reason, failedAt: at },
      });
    case 'MediaItemDeleted':
      return createEvent(MediaItemDeletedV1, {
        ...common,
        aggregateId: event.mediaId,
        aggregateVersion: ITEM_VERSION.MediaItemDeleted,
        payload: { mediaId: event.mediaId, ownerId: event.ownerId, deletedAt: at },
      });
    case 'ProfileImageChanged':
      return createEvent(MediaProfileImageChangedV1, {
        ...common,
        aggregateId: event.userId,
        aggregateVersion: 1,
        payload: { userId: event.userId, slot: event.slot, mediaId: event.mediaId, changedAt: at },
      });
  }
}
