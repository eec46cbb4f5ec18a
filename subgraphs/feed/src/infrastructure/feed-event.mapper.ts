import type { ConsumedCall } from '@agora/context-runtime';
import { createEvent, FeedItemAddedV1, type EventEnvelope } from '@agora/events';
import type { TimelineItemAdded } from '../application/timeline-store';

/**
 * A post that entered a home timeline → `feed.item.added.v1`. The aggregate is the owner's
 * timeline, which has no version of its own: each item is added once (version 1), and later
 * removals are not announced. `occurredAt` = `addedAt` = when the row was inserted; `publishedAt`
 * is the post's place in the timeline. `createEvent` validates the payload, so a bad one fails the
 * transaction instead of reaching realtime.
 */
export function toEnvelope(item: TimelineItemAdded, metadata: ConsumedCall['metadata']): EventEnvelope {
  return createEvent(FeedItemAddedV1, {
    aggregateId: item.ownerId,
    aggregateVersion: 1,
    occurredAt: item.addedAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
    payload: {
      ownerId: item.ownerId,
      postId: item.postId,
      authorId: item.authorId,
      publishedAt: item.publishedAt.toISOString(),
      addedAt: item.addedAt.toISOString(),
    },
  });
}
