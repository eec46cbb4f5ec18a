import { createEvent, ProfileCreatedV1, ProfileUpdatedV1, type EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { ProfileEvent } from '../domain/profile';

/**
 * Domain events → the published language (`profiles.profile.*.v1` envelopes). `createEvent`
 * validates each payload against its contract, so a bad event fails the transaction instead of
 * reaching other contexts.
 */
export function toEnvelope(event: ProfileEvent, metadata: EventMetadata): EventEnvelope {
  const common = {
    aggregateId: event.accountId,
    aggregateVersion: event.version,
    occurredAt: event.occurredAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
  };
  switch (event.type) {
    case 'ProfileCreated':
      return createEvent(ProfileCreatedV1, {
        ...common,
        payload: { accountId: event.accountId, displayName: event.displayName },
      });
    case 'ProfileUpdated':
      return createEvent(ProfileUpdatedV1, {
        ...common,
        payload: { accountId: event.accountId, displayName: event.displayName, bio: event.bio, avatarUrl: event.avatarUrl },
      });
  }
}
