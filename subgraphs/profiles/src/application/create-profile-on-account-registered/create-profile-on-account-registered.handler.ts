import { defineConsumer } from '@agora/context-runtime';
import { AccountRegisteredV1 } from '@agora/events';
import { Profile } from '../../domain/profile';
import type { TransactionScope } from '../ports';

/**
 * Reacts to identity's registration: creates the profile with the username as display name, or —
 * when the owner already edited it — keeps their values and only fills a missing display name.
 * Runs at most once per (consumer, event id) through the inbox; a second registration event for
 * the same account (a different id) is absorbed by the aggregate, so there is always exactly one
 * profile and one ProfileCreated per account. A lost race is retried by the unit of work.
 */
export const createProfileOnAccountRegistered = defineConsumer({
  name: 'CreateProfileOnAccountRegistered',
  contract: AccountRegisteredV1,
  async handle({ payload: { accountId, username } }, { profiles, outbox }: TransactionScope, { metadata, now }) {
    const existing = await profiles.findById(accountId);
    const profile = existing ?? Profile.register({ accountId, username, at: now });
    if (existing) existing.completeRegistration(username, now);
    const events = profile.pullEvents();
    if (events.length === 0) return;
    await profiles.save(profile);
    // The one registering is the actor, also when the event names none.
    await outbox.append(events, { ...metadata, actorId: metadata.actorId ?? accountId });
  },
});
