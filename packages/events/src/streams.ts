/** One JetStream stream per producing context, subjects `<context>.>` (ARCHITECTURE.md §3). */
export interface StreamSpec {
  name: string;
  subjects: string[];
}

export declare const STREAMS: {
  readonly IDENTITY: StreamSpec;
  readonly PROFILES: StreamSpec;
  readonly POSTS: StreamSpec;
};

/** Where messages that exhausted max_deliver are copied: subject `dlq.<durable>.<original subject>`. */
export declare const DEAD_LETTER_STREAM: StreamSpec;
