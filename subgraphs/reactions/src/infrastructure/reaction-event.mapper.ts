import { createEvent, ReactionRemovedV1, ReactionSetV1, type EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { ReactionEvent } from '../domain/reaction/reaction.events';

/**
 * Domain events → the published language (`reactions.reaction.*.v1`). The envelope's aggregate is
 * the subject (post or comment) and its version the reaction's version for this user and subject
 * (last writer wins per pair). `createEvent` validates each payload, so a bad event fails the
 * transaction instead of reaching other contexts.
 */
export function toEnvelope(event: ReactionEvent, metadata: EventMetadata): EventEnvelope {
  const common = {
    aggregateId: event.subject.id,
    aggregateVersion: event.version,
    occurredAt: event.occurredAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
  };
  const base = {
    subjectId: event.subject.id,
    subjectType: event.subject.type,
    subjectAuthorId: event.subject.authorId,
    postId: event.subject.postId,
    userId: event.userId,
    version: event.version,
    at: event.occurredAt.toISOString(),
  };
  switch (event.type) {
    case 'ReactionSet':
      return createEvent(ReactionSetV1, { ...common, payload: { ...base, kind: event.kind, previousKind: event.previousKind } });
    case 'ReactionRemoved':
      return createEvent(ReactionRemovedV1, { ...common, payload: { ...base, previousKind: event.previousKind } });
  }
}
