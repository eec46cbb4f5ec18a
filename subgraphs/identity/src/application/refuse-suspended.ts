import { suspensionInForce, type SuspensionFacts } from '../domain/account/suspension';
import { IdentityErrors } from './identity.errors';

/**
 * Throws FORBIDDEN IDENTITY.SUSPENDED when a suspension is in force. Every path that hands out a
 * session calls it only AFTER the caller proved to be the account (password verified, refresh
 * token found, provider confirmed, reset link valid), so a wrong password never learns that an
 * account is suspended (nor that it exists).
 */
export function refuseIfSuspended(account: SuspensionFacts, now: Date): void {
  const suspension = suspensionInForce(account, now);
  if (suspension) throw IdentityErrors.suspended(suspension.until);
}
