import { AccountEmailVerifiedV1, AccountRegisteredV1, AccountRoleChangedV1, createEvent, type EventEnvelope } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { AccountEvent } from '../domain/account/account.events';

/**
 * Domain facts → published contracts (validated by createEvent against the zod schema).
 * Versions: registration is 1, the email's verification 2 (an account verifies its email once).
 * Role changes are not numbered (0): consumers order them by `changedAt`.
 */
export function toEnvelope(event: AccountEvent, metadata: EventMetadata): EventEnvelope {
  switch (event.type) {
    case 'AccountRegistered':
      return createEvent(AccountRegisteredV1, {
        aggregateId: event.accountId,
        aggregateVersion: 1,
        payload: { accountId: event.accountId, username: event.username, registeredAt: event.registeredAt.toISOString() },
        // The person registering is the actor: the account they just created.
        actorId: event.accountId,
        occurredAt: event.registeredAt,
        correlationId: metadata.correlationId,
      });
    case 'AccountEmailVerified':
      return createEvent(AccountEmailVerifiedV1, {
        aggregateId: event.accountId,
        aggregateVersion: 2,
        payload: { accountId: event.accountId, email: event.email, verifiedAt: event.verifiedAt.toISOString() },
        actorId: event.accountId,
        occurredAt: event.verifiedAt,
        correlationId: metadata.correlationId,
      });
    case 'AccountRoleChanged':
      return createEvent(AccountRoleChangedV1, {
        aggregateId: event.accountId,
        aggregateVersion: 0,
        payload: {
          accountId: event.accountId,
          role: event.role,
          previousRole: event.previousRole,
          changedBy: event.changedBy,
          changedAt: event.changedAt.toISOString(),
        },
        actorId: event.changedBy ?? metadata.actorId ?? null,
        occurredAt: event.changedAt,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId ?? null,
      });
  }
}
