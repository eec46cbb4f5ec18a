import { STREAMS } from '@agora/events';

/**
 * The stream the gateway reads: one JetStream stream that SOURCES the producing contexts' streams
 * (the server copies their messages in), so every event realtime needs has one position — the
 * REALTIME stream sequence. That sequence is the SSE event id and the WebSocket `after` cursor;
 * a reconnecting client resumes from it. The stream keeps `maxAgeMs` of history (the resume
 * window, at least 15 minutes per API.md) and copies from its creation time on, never the
 * sources' whole past.
 */
export interface SourcedStreamSpec {
  name: string;
  /** The streams copied in, with an optional subject filter each (nats-server 2.9: one per source). */
  sources: { stream: string; filterSubject?: string }[];
  maxAgeMs: number;
}

export const REALTIME_RESUME_WINDOW_MS = 60 * 60 * 1000;

export const REALTIME_STREAM: SourcedStreamSpec = Object.freeze({
  name: 'REALTIME',
  sources: [
    { stream: STREAMS.NOTIFICATIONS.name, filterSubject: 'notifications.notification.created.v1' },
    { stream: STREAMS.FEED.name, filterSubject: 'feed.item.added.v1' },
    { stream: STREAMS.POSTS.name },
    { stream: STREAMS.COMMENTS.name },
    { stream: STREAMS.REACTIONS.name },
    { stream: STREAMS.SOCIAL.name },
  ],
  maxAgeMs: REALTIME_RESUME_WINDOW_MS,
});
