import { Profile } from '../../domain/profile';
import type { Clock, UnitOfWork } from '../ports';
import { retryOnConflict } from '../retry-on-conflict';

/** What this use case needs from `identity.account.registered.v1` (already validated). */
export interface AccountRegistered {
  /** Event id: the inbox key. */
  id: string;
  correlationId: string;
  actorId: string | null;
  payload: { accountId: string; username: string };
}

/**
 * Reacts to identity's registration: creates the profile with the username as display name, or —
 * when the owner already edited it — keeps their values and only fills a missing display name.
 * Runs at most once per (consumer, event id) through the inbox; a second registration event for
 * the same account (a different id) is absorbed by the aggregate, so there is always exactly one
 * profile and one ProfileCreated per account.
 */
export class CreateProfileOnAccountRegisteredHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  /** Returns false when this consumer had already processed the event. */
  async execute(event: AccountRegistered, consumer: string): Promise<boolean> {
    const { accountId, username } = event.payload;
    return retryOnConflict(() =>
      this.deps.unitOfWork.runOnce(consumer, event.id, async ({ profiles, outbox }) => {
        const at = this.deps.clock.now();
        const existing = await profiles.findById(accountId);
        const profile = existing ?? Profile.register({ accountId, username, at });
        if (existing) existing.completeRegistration(username, at);
        const events = profile.pullEvents();
        if (events.length === 0) return;
        await profiles.save(profile);
        await outbox.append(events, { correlationId: event.correlationId, causationId: event.id, actorId: event.actorId ?? accountId });
      }),
    );
  }
}
