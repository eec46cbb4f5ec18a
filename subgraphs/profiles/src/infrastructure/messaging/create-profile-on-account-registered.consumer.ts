import { AccountRegisteredV1, type PayloadOf } from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import type { CreateProfileOnAccountRegisteredHandler } from '../../application/create-profile-on-account-registered/create-profile-on-account-registered.handler';

/**
 * Subscribes the use case to `identity.account.registered.v1` (durable
 * `profiles--create-profile-on-account-registered`). The consumer loop has already validated the
 * envelope and payload against the contract; a throw here naks the message for a retry.
 */
export function createProfileOnAccountRegistered(
  useCase: CreateProfileOnAccountRegisteredHandler,
): EventHandler<typeof AccountRegisteredV1.type, PayloadOf<typeof AccountRegisteredV1>> {
  return {
    name: 'CreateProfileOnAccountRegistered',
    contract: AccountRegisteredV1,
    async handle(event, context) {
      const applied = await useCase.execute(event, context.consumer);
      context.logger.debug(
        { eventId: event.id, accountId: event.payload.accountId, applied },
        applied ? 'profile registration applied' : 'registration already processed',
      );
    },
  };
}
