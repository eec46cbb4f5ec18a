import type { IdGenerator } from '@agora/kernel';
import { expiryAfter, RESET_PASSWORD_TTL_SECONDS, VERIFY_EMAIL_TTL_SECONDS } from '../../domain/account/account-token';
import type { AccountMails, AccountTokenPurpose, MailDraft, NewAccountToken, OutgoingMail, RefreshTokenSecrets } from '../ports';
import type { AccountView } from '../read-models';

/** A mail draft with its idempotency id and creation time. */
export function outgoing(draft: MailDraft, ids: IdGenerator, now: Date): OutgoingMail {
  return { ...draft, id: ids.newId(), createdAt: now };
}

/** A new single-use token for the account's current email and the mail carrying its link. */
export function mintAccountToken(
  purpose: AccountTokenPurpose,
  account: Pick<AccountView, 'id' | 'email' | 'username'>,
  deps: { secrets: RefreshTokenSecrets; mails: AccountMails; ids: IdGenerator; now: Date },
): { token: NewAccountToken; mail: OutgoingMail } {
  const { secrets, mails, ids, now } = deps;
  const { token: secret, digest } = secrets.generate();
  const ttl = purpose === 'VERIFY_EMAIL' ? VERIFY_EMAIL_TTL_SECONDS : RESET_PASSWORD_TTL_SECONDS;
  const recipient = { email: account.email, username: account.username };
  const draft = purpose === 'VERIFY_EMAIL' ? mails.verifyEmail(recipient, secret) : mails.passwordReset(recipient, secret);
  return {
    token: {
      id: ids.newId(),
      accountId: account.id,
      purpose,
      digest,
      email: account.email,
      createdAt: now,
      expiresAt: expiryAfter(now, ttl),
    },
    mail: outgoing(draft, ids, now),
  };
}
