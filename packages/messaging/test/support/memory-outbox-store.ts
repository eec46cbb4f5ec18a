import type { EventEnvelope } from '@agora/events';
import type { OutboxRecord, OutboxStore } from '../../src/outbox-relay';

/**
 * The OutboxStore port over an array, standing in for prisma-kit's table: rows keep insertion
 * order, and the store records how it was called so tests can check the relay's discipline.
 */
export class MemoryOutboxStore implements OutboxStore {
  private readonly rows: { record: OutboxRecord; published: boolean }[] = [];
  readonly markCalls: string[][] = [];
  private inFlight = 0;
  /** Highest number of store calls seen running at once (1 = passes never overlapped). */
  maxConcurrentCalls = 0;

  append(...envelopes: EventEnvelope[]): void {
    for (const envelope of envelopes) this.rows.push({ record: { id: envelope.id, type: envelope.type, envelope }, published: false });
  }

  unpublishedIds(): string[] {
    return this.rows.filter((row) => !row.published).map((row) => row.record.id);
  }

  async fetchUnpublished(limit: number): Promise<OutboxRecord[]> {
    return this.track(async () =>
      this.rows
        .filter((row) => !row.published)
        .slice(0, limit)
        .map((row) => row.record),
    );
  }

  async markPublished(ids: string[]): Promise<void> {
    await this.track(async () => {
      this.markCalls.push([...ids]);
      for (const row of this.rows) if (ids.includes(row.record.id)) row.published = true;
    });
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    this.maxConcurrentCalls = Math.max(this.maxConcurrentCalls, this.inFlight);
    try {
      // Yield like a real database round trip would, so overlapping calls could interleave.
      await new Promise((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
