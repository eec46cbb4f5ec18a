import type { ExecutionResult } from 'graphql';

/**
 * One resolution per (event, viewer, operation, variables), shared by every subscription that
 * asks the same: a person with the app open in five tabs, or one page subscribing twice, costs
 * the subgraphs one plan execution per event, not five. The answer cannot differ between them —
 * same event, same identity, same selection — so sharing changes nothing they receive.
 *
 * Entries live while the event is being dispatched (subscriptions resolve it concurrently) and a
 * short while after, so a subscription whose queue was behind still finds it; the map is bounded.
 */
export class SharedResolutions {
  private readonly entries = new Map<string, { result: Promise<ExecutionResult>; expires: number }>();

  constructor(private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {}

  /** The shared answer for `key`, running `resolve` only when no live entry has it. */
  get(key: string, resolve: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    const now = (this.options.now ?? Date.now)();
    const existing = this.entries.get(key);
    if (existing && existing.expires > now) return existing.result;
    this.evict(now);
    const result = resolve();
    this.entries.set(key, { result, expires: now + (this.options.ttlMs ?? 10_000) });
    // A failed resolution is not shared beyond the callers already waiting on it.
    result.catch(() => this.entries.delete(key));
    return result;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      // Insertion order is expiry order (one ttl for all), so the first live entry ends the sweep.
      if (entry.expires > now && this.entries.size < (this.options.maxEntries ?? 50_000)) break;
      this.entries.delete(key);
    }
  }
}
