import { AccountEmailVerifiedV1, createEvent } from '@agora/events';
import type { Person } from './events.mother';

/** A person's address in the tests. */
export const emailOf = (person: Person) => `${person.username}@mail.test`;

/** identity.account.email-verified.v1 for a person (their address verified at `at`). */
export function emailVerified(person: Person, options: { email?: string; at?: Date } = {}) {
  return createEvent(AccountEmailVerifiedV1, {
    aggregateId: person.userId,
    aggregateVersion: 2,
    actorId: person.userId,
    payload: {
      accountId: person.userId,
      email: options.email ?? emailOf(person),
      verifiedAt: (options.at ?? new Date('2026-01-02T00:00:00.000Z')).toISOString(),
    },
  });
}
