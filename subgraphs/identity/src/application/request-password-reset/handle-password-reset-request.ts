import type { IdGenerator } from '@agora/kernel';
import { mintAccountToken } from '../account-tokens/account-token-issuer';
import type { AccountMails, NewAccountToken, OutgoingMail, RefreshTokenSecrets } from '../ports';
import type { AccountView } from '../read-models';

export interface PasswordResetPlanDeps {
  secrets: RefreshTokenSecrets;
  mails: AccountMails;
  ids: IdGenerator;
}

/**
 * What one PasswordResetRequest becomes: for an account with that email, a RESET_PASSWORD token
 * (1 h; the processor retires the account's older ones in the same transaction) and the mail
 * with its link; for an unknown email, nothing (the request is only marked handled).
 */
export function planPasswordReset(
  account: AccountView | null,
  now: Date,
  deps: PasswordResetPlanDeps,
): { token: NewAccountToken; mail: OutgoingMail } | null {
  if (!account) return null;
  return mintAccountToken('RESET_PASSWORD', account, { ...deps, now });
}
