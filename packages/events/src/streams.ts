/** One JetStream stream per producing context, subjects `<context>.>` (ARCHITECTURE.md §3). */
export interface StreamSpec {
  name: string;
  subjects: string[];
}

export const STREAMS: {
  readonly IDENTITY: StreamSpec;
  readonly PROFILES: StreamSpec;
  readonly POSTS: StreamSpec;
  readonly SOCIAL: StreamSpec;
  readonly COMMENTS: StreamSpec;
  readonly REACTIONS: StreamSpec;
  readonly MEDIA: StreamSpec;
  readonly NOTIFICATIONS: StreamSpec;
  readonly FEED: StreamSpec;
  readonly MODERATION: StreamSpec;
} = Object.freeze({
  IDENTITY: { name: 'IDENTITY', subjects: ['identity.>'] },
  PROFILES: { name: 'PROFILES', subjects: ['profiles.>'] },
  POSTS: { name: 'POSTS', subjects: ['posts.>'] },
  SOCIAL: { name: 'SOCIAL', subjects: ['social.>'] },
  COMMENTS: { name: 'COMMENTS', subjects: ['comments.>'] },
  REACTIONS: { name: 'REACTIONS', subjects: ['reactions.>'] },
  MEDIA: { name: 'MEDIA', subjects: ['media.>'] },
  NOTIFICATIONS: { name: 'NOTIFICATIONS', subjects: ['notifications.>'] },
  FEED: { name: 'FEED', subjects: ['feed.>'] },
  MODERATION: { name: 'MODERATION', subjects: ['moderation.>'] },
});

/** Where messages that exhausted max_deliver are copied: subject `dlq.<durable>.<original subject>`. */
export const DEAD_LETTER_STREAM: StreamSpec = Object.freeze({ name: 'DLQ', subjects: ['dlq.>'] });
