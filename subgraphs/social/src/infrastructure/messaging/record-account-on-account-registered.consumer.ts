import { AccountRegisteredV1, type PayloadOf } from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import type { RecordAccountOnAccountRegisteredHandler } from '../../application/record-account-on-account-registered/record-account-on-account-registered.handler';

/**
 * Subscribes the use case to `identity.account.registered.v1` (durable
 * `social--record-account-on-account-registered`). The consumer loop has already validated the
 * envelope and payload against the contract; a throw here naks the message for a retry.
 */
export function recordAccountOnAccountRegistered(
  useCase: RecordAccountOnAccountRegisteredHandler,
): EventHandler<typeof AccountRegisteredV1.type, PayloadOf<typeof AccountRegisteredV1>> {
  return {
    name: 'RecordAccountOnAccountRegistered',
    contract: AccountRegisteredV1,
    async handle(event, context) {
      const applied = await useCase.execute(event, context.consumer);
      context.logger.debug(
        { eventId: event.id, accountId: event.payload.accountId, applied },
        applied ? 'known account recorded' : 'registration already processed',
      );
    },
  };
}
