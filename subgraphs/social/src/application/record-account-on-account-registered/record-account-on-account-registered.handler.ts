import type { Clock, UnitOfWork } from '../ports';

/** What this use case needs from `identity.account.registered.v1` (already validated). */
export interface AccountRegistered {
  /** Event id: the inbox key. */
  id: string;
  payload: { accountId: string; username: string; registeredAt: string };
}

/**
 * Keeps social's replica of known accounts: follows and blocks may only target an account that
 * exists. Runs at most once per (consumer, event id) through the inbox; a second registration
 * event of the same account (another id) changes nothing. Emits no event.
 */
export class RecordAccountOnAccountRegisteredHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork; clock: Clock }) {}

  /** Returns false when this consumer had already processed the event. */
  execute(event: AccountRegistered, consumer: string): Promise<boolean> {
    const { accountId, username, registeredAt } = event.payload;
    return this.deps.unitOfWork.runOnce(consumer, event.id, async ({ accounts }) => {
      await accounts.record({ id: accountId.toLowerCase(), username, registeredAt: new Date(registeredAt) }, this.deps.clock.now());
    });
  }
}
