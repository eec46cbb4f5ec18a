import { defineConsumer } from '@agora/context-runtime';
import { AccountEmailVerifiedV1 } from '@agora/events';
import type { NotificationScope } from '../ports';

/**
 * identity.account.email-verified.v1 → the person's notification mail goes to that address from
 * now on (MailRecipient upserted; the newest verification wins, so a late older one changes
 * nothing). Before it, nobody is mailed: notification mail only goes to verified addresses.
 */
export const recordMailRecipientOnEmailVerified = defineConsumer({
  name: 'RecordMailRecipientOnEmailVerified',
  contract: AccountEmailVerifiedV1,
  async handle({ payload }, scope: NotificationScope) {
    await scope.recipients.record({
      accountId: payload.accountId,
      email: payload.email.toLowerCase(),
      verifiedAt: new Date(payload.verifiedAt),
    });
  },
});
