import { PostCommentsToggledV1, PostDeletedV1, PostEditedV1, PostPublishedV1, PostVisibilityChangedV1 } from '@agora/events';
import type { RecordedPostEvent } from '../application/ports';
import type { PostEvent } from '../domain/post/post.events';
import { toEnvelope } from './post-events.mapper';

/** A row of `post_event` (the stream), as written and as read back for replay. */
export interface StoredPostEvent {
  postId: string;
  version: number;
  type: string;
  payload: unknown;
  eventId: string;
  occurredAt: Date;
}

/**
 * The stream stores the published contract (type + payload) of each event, so what was appended
 * and what was published are the same bytes; replay reads it back into the domain's event.
 */
export function toStoredEvent(recorded: RecordedPostEvent): StoredPostEvent {
  const { event } = recorded;
  // Only the contract's type and payload are stored; the envelope's metadata is the outbox's.
  const envelope = toEnvelope(recorded, { correlationId: recorded.eventId, causationId: null, actorId: null });
  return {
    postId: event.postId,
    version: event.version,
    type: envelope.type,
    payload: envelope.payload,
    eventId: envelope.id,
    occurredAt: event.at,
  };
}

/** Stored event → domain event; the payload is validated against its contract (a corrupt stream fails loudly). */
export function fromStoredEvent(row: StoredPostEvent): PostEvent {
  const at = new Date(row.occurredAt);
  switch (row.type) {
    case PostPublishedV1.type: {
      const p = PostPublishedV1.schema.parse(row.payload);
      // Events stored before the setting existed have no commentsDisabled (optional in the contract): comments on.
      return {
        type: 'PostPublished', postId: p.postId, authorId: p.authorId, version: row.version, at,
        body: p.body, visibility: p.visibility, circleIds: p.circleIds, commentsDisabled: p.commentsDisabled ?? false,
      };
    }
    case PostEditedV1.type: {
      const p = PostEditedV1.schema.parse(row.payload);
      return { type: 'PostEdited', postId: p.postId, authorId: p.authorId, version: row.version, at, body: p.body };
    }
    case PostVisibilityChangedV1.type:
    case PostCommentsToggledV1.type: {
      const p = postAccessContract(row.type).schema.parse(row.payload);
      return {
        type: row.type === PostVisibilityChangedV1.type ? 'PostVisibilityChanged' : 'PostCommentsToggled',
        postId: p.postId, authorId: p.authorId, version: row.version, at,
        visibility: p.visibility, circleIds: p.circleIds, commentsDisabled: p.commentsDisabled,
      };
    }
    case PostDeletedV1.type: {
      const p = PostDeletedV1.schema.parse(row.payload);
      return { type: 'PostDeleted', postId: p.postId, authorId: p.authorId, version: row.version, at };
    }
    default:
      throw new Error(`post_event ${row.postId}@${row.version}: unknown event type ${row.type}`);
  }
}

function postAccessContract(type: string) {
  return type === PostVisibilityChangedV1.type ? PostVisibilityChangedV1 : PostCommentsToggledV1;
}
