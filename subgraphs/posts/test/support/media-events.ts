import { randomUUID } from 'node:crypto';
import { MediaItemDeletedV1, MediaItemReadyV1, createEvent, type EventEnvelope } from '@agora/events';

/** media.item.ready.v1 as media's relay publishes it (the item's id is the aggregate). */
export function mediaReady(mediaId: string, ownerId: string, kind: 'IMAGE' | 'VIDEO' = 'IMAGE'): EventEnvelope {
  return createEvent(MediaItemReadyV1, {
    aggregateId: mediaId,
    aggregateVersion: 2,
    actorId: ownerId,
    payload: {
      mediaId,
      ownerId,
      kind,
      contentType: kind === 'IMAGE' ? 'image/png' : 'video/mp4',
      byteSize: 1234,
      width: 10,
      height: 10,
      readyAt: new Date().toISOString(),
    },
  });
}

/** media.item.deleted.v1 as media's relay publishes it. */
export function mediaDeleted(mediaId: string, ownerId: string): EventEnvelope {
  return createEvent(MediaItemDeletedV1, {
    aggregateId: mediaId,
    aggregateVersion: 3,
    actorId: ownerId,
    payload: { mediaId, ownerId, deletedAt: new Date().toISOString() },
  });
}

/** A fresh media item id (UUIDv4 is fine: posts only compares them). */
export const aMediaId = (): string => randomUUID();
