import type { InboxRunner } from '@agora/context-runtime';
import type { TimelineStore } from '../timeline-store';
import type { InMemoryTimelineStore } from './in-memory-timeline.store';

/** The consumers' unit of work in memory: one store, and an inbox that skips a redelivery (a failed work records nothing). */
export class InMemoryUnitOfWork implements InboxRunner<TimelineStore> {
  readonly inbox = new Set<string>();

  constructor(readonly store: InMemoryTimelineStore) {}

  async runOnce(consumer: string, eventId: string, work: (store: TimelineStore) => Promise<void>): Promise<boolean> {
    const key = `${consumer}|${eventId}`;
    if (this.inbox.has(key)) return false;
    await work(this.store);
    this.inbox.add(key);
    return true;
  }
}
