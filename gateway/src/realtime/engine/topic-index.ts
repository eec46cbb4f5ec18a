/**
 * Subscriptions by topic (`viewer:<id>`, `post:<id>`, see @agora/realtime's routing): the
 * in-memory fan-out of one gateway instance. A subscription is listed under each of its topics.
 */
export class TopicIndex<S> {
  private readonly byTopic = new Map<string, Set<S>>();

  add(subscriber: S, topics: readonly string[]): void {
    for (const topic of topics) {
      let set = this.byTopic.get(topic);
      if (!set) this.byTopic.set(topic, (set = new Set()));
      set.add(subscriber);
    }
  }

  remove(subscriber: S, topics: readonly string[]): void {
    for (const topic of topics) {
      const set = this.byTopic.get(topic);
      if (!set) continue;
      set.delete(subscriber);
      if (set.size === 0) this.byTopic.delete(topic);
    }
  }

  /** A snapshot: callers may remove subscribers while iterating. */
  subscribersOf(topic: string): S[] {
    const set = this.byTopic.get(topic);
    return set ? [...set] : [];
  }

  /** How many topics have at least one subscriber (the index drops empty topics). */
  get topics(): number {
    return this.byTopic.size;
  }
}
