import type { Delivery } from '@agora/realtime';

export interface RecentEvent {
  seq: number;
  deliveries: Delivery[];
}

/**
 * The routed events this instance has seen lately, in stream order, so a replay that starts
 * inside the window is served from memory instead of a new JetStream consumer. That is the
 * common case: every subscription replays what happened while it was being checked, and a
 * client that reconnects after a blip resumes a few events back. Older replays read the stream.
 *
 * Coverage is tracked apart from the entries: events that route nowhere are not kept, but the
 * window still covers their positions.
 */
export class RecentEvents {
  private readonly events: (RecentEvent & { at: number })[] = [];
  /** Every routed event with seq > coveredAfter is in `events`. */
  private coveredAfter: number;

  constructor(
    position: number,
    private readonly options: { capacity?: number; maxAgeMs?: number; now?: () => number } = {},
  ) {
    this.coveredAfter = position;
  }

  private get capacity(): number {
    return this.options.capacity ?? 10_000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Records an event the live consumer dispatched (in stream order). */
  record(event: RecentEvent): void {
    if (event.deliveries.length === 0) return;
    this.events.push({ ...event, at: this.now() });
    if (this.events.length > this.capacity) {
      // Drop a tenth at once: splicing one by one would cost O(n) per event.
      const dropped = this.events.splice(0, Math.ceil(this.capacity / 10));
      this.coveredAfter = dropped.at(-1)!.seq;
    }
  }

  /**
   * The events with from ≤ seq ≤ to, or undefined when the window does not reach back to `from`.
   * Events older than the stream keeps (maxAgeMs) are not answered from here either, so memory
   * never resumes further back than the stream would.
   */
  range(from: number, to: number): RecentEvent[] | undefined {
    const maxAgeMs = this.options.maxAgeMs;
    if (maxAgeMs !== undefined) {
      const oldest = this.now() - maxAgeMs;
      let expired = 0;
      while (expired < this.events.length && this.events[expired]!.at < oldest) expired++;
      if (expired > 0) this.coveredAfter = this.events.splice(0, expired).at(-1)!.seq;
    }
    if (from <= this.coveredAfter) return undefined;
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.events[middle]!.seq < from) low = middle + 1;
      else high = middle;
    }
    const found: RecentEvent[] = [];
    for (let i = low; i < this.events.length && this.events[i]!.seq <= to; i++) {
      const { seq, deliveries } = this.events[i]!;
      found.push({ seq, deliveries });
    }
    return found;
  }

  /** Forgets everything (the stream was recreated: positions restart at `position`). */
  reset(position: number): void {
    this.events.length = 0;
    this.coveredAfter = position;
  }
}
