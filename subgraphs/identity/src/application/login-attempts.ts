import { DomainError } from '@agora/kernel';
import { IdentityErrors } from './identity.errors';
import type { RateLimits } from './rate-limits';

/**
 * Sign-in attempts count BEFORE the password is checked (so concurrent guesses cannot slip past
 * the limit) under three keys — the client's IP, (account, IP) and the account — and a success
 * gives its points back: what remains counted is failures. `accountKey` is the account id, or
 * for a login that matches no account the normalised login (same work, same answers).
 *
 * (account, IP) blocks after its limit: the attacker's own address is locked out of that
 * account, while the owner signing in from elsewhere is only subject to the slow per-account
 * ceiling. The IP is checked first, so a spraying client stops counting against its victims.
 */
export async function countLoginAttempt(limits: RateLimits, accountKey: string, ip: string): Promise<void> {
  try {
    await limits.consume('loginIp', ip);
    await limits.consume('loginAccountIp', `${accountKey}:${ip}`);
    await limits.consume('loginAccount', accountKey);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RATE_LIMITED') throw IdentityErrors.tooManyAttempts(error.retryAfter ?? 1);
    throw error;
  }
}

/** A correct password: the (account, IP) count starts over, the other two get their point back. */
export async function loginSucceeded(limits: RateLimits, accountKey: string, ip: string): Promise<void> {
  await Promise.all([
    limits.reset('loginAccountIp', `${accountKey}:${ip}`),
    limits.refund('loginAccount', accountKey),
    limits.refund('loginIp', ip),
  ]);
}
