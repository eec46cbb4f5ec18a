import { z } from 'zod';
import type { RecordedPostEvent } from '../application/ports';
import type { PostEvent } from '../domain/post/post.events';
import { VISIBILITIES } from '../domain/post/visibility';

/** A row of `post_event` (the stream), as written and as read back for replay. */
export interface StoredPostEvent {
  postId: string;
  version: number;
  /** The domain event's type, e.g. `PostEdited`. */
  type: string;
  /** The domain event's data (everything but type, post, version and time, which are columns). */
  payload: unknown;
  eventId: string;
  occurredAt: Date;
}

/**
 * The stream stores posts' OWN events — the domain's type names and fields — not the published
 * contracts: the stream is the record and changes only with the domain, while the public language
 * (`posts.post.*.v1`, post-events.mapper.ts) is mapped from it at the outbox and can gain versions
 * without touching what is stored. Rows written before that (the contract payloads) were
 * converted by the `stored_events_own_format` migration; publishes from before attachments were
 * given `attachmentIds: []` by the `media_attachments` migration.
 */
export function toStoredEvent({ eventId, event }: RecordedPostEvent): StoredPostEvent {
  const { type, postId, version, at, ...data } = event;
  return { postId, version, type, payload: data, eventId, occurredAt: at };
}

const uuid = z.uuid();
const access = { authorId: uuid, visibility: z.enum(VISIBILITIES), circleIds: z.array(uuid), commentsDisabled: z.boolean() };
const stored = {
  PostPublished: z.object({ ...access, body: z.string(), attachmentIds: z.array(uuid) }),
  PostEdited: z.object({ authorId: uuid, body: z.string() }),
  access: z.object(access),
  PostDeleted: z.object({ authorId: uuid }),
  PostRemovedByModeration: z.object({ authorId: uuid, moderatorId: uuid, reason: z.string().nullable() }),
  PostRestoredByModeration: z.object({ authorId: uuid, moderatorId: uuid }),
};

/** Stored event → domain event; the data is validated (a corrupt stream fails loudly, naming the row). */
export function fromStoredEvent(row: StoredPostEvent): PostEvent {
  const base = { postId: row.postId, version: row.version, at: new Date(row.occurredAt) };
  const data = <S extends z.ZodType>(schema: S): z.output<S> => {
    const parsed = schema.safeParse(row.payload);
    if (!parsed.success)
      throw new Error(`post_event ${row.postId}@${row.version}: ${row.type} data does not parse: ${parsed.error.message}`);
    return parsed.data;
  };
  switch (row.type) {
    case 'PostPublished':
      return { type: row.type, ...base, ...data(stored.PostPublished) };
    case 'PostEdited':
      return { type: row.type, ...base, ...data(stored.PostEdited) };
    case 'PostVisibilityChanged':
    case 'PostCommentsToggled':
      return { type: row.type, ...base, ...data(stored.access) };
    case 'PostDeleted':
      return { type: row.type, ...base, ...data(stored.PostDeleted) };
    case 'PostRemovedByModeration':
      return { type: row.type, ...base, ...data(stored.PostRemovedByModeration) };
    case 'PostRestoredByModeration':
      return { type: row.type, ...base, ...data(stored.PostRestoredByModeration) };
    default:
      throw new Error(`post_event ${row.postId}@${row.version}: unknown event type ${row.type}`);
  }
}
