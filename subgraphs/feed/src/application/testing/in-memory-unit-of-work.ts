import type { ConsumedCall, InboxRunner } from '@agora/context-runtime';
import type { FeedScope, TimelineItemAdded } from '../timeline-store';
import type { InMemoryTimelineStore } from './in-memory-timeline.store';

/** One feed.item.added.v1 a handler appended to the outbox. */
export interface AnnouncedItem {
  item: TimelineItemAdded;
  metadata: ConsumedCall['metadata'];
}

/**
 * The consumers' unit of work in memory: one store, an inbox that skips a redelivery, and the
 * outbox as `announced` (a failed work records nothing in the inbox and announces nothing).
 */
export class InMemoryUnitOfWork implements InboxRunner<FeedScope> {
  readonly inbox = new Set<string>();
  readonly announced: AnnouncedItem[] = [];

  constructor(readonly store: InMemoryTimelineStore) {}

  async runOnce(consumer: string, eventId: string, work: (scope: FeedScope) => Promise<void>): Promise<boolean> {
    const key = `${consumer}|${eventId}`;
    if (this.inbox.has(key)) return false;
    const appended: AnnouncedItem[] = [];
    await work({
      timeline: this.store,
      outbox: { append: async (items, metadata) => void appended.push(...items.map((item) => ({ item, metadata }))) },
    });
    this.inbox.add(key);
    this.announced.push(...appended);
    return true;
  }
}
