import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { newPasswordSchema, PASSWORD_MAX_LENGTH } from '../../domain/account/password';
import { outgoing } from '../account-tokens/account-token-issuer';
import { IdentityErrors } from '../identity.errors';
import { countLoginAttempt, loginSucceeded } from '../login-attempts';
import type { IdentityPorts } from '../ports';
import { refuseIfSuspended } from '../refuse-suspended';
import { clientKey } from '../rate-limits';
import type { AuthSession } from '../read-models';

/**
 * `changePassword`: the current password is checked like a sign-in (a wrong one counts against
 * the same limits and answers INVALID_CREDENTIALS on `currentPassword`), then in ONE transaction
 * the new hash is stored, every session of the account is revoked and a new one starts — the
 * caller continues with the returned one, every other session ends — and a notice is mailed.
 */
export const changePassword = defineCommand({
  name: 'changePassword',
  input: z.object({
    currentPassword: z
      .string()
      .min(1, 'Enter your current password.')
      .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`),
    newPassword: newPasswordSchema,
  }),
  viewer: 'required',
  allowUnverifiedEmail: true,
  async handle(
    { input: { currentPassword, newPassword }, actor, now, ids, metadata, clientIp },
    ports: IdentityPorts,
  ): Promise<AuthSession> {
    const { accounts, hasher, sessions, rateLimits, mails } = ports;
    const found = await accounts.findAccount({ id: actor.id });
    const ip = clientKey(clientIp);
    await countLoginAttempt(rateLimits, actor.id, ip);
    const valid = await hasher.verify(found?.passwordHash ?? null, currentPassword);
    if (!found || !valid) throw IdentityErrors.wrongCurrentPassword();
    await loginSucceeded(rateLimits, actor.id, ip);
    refuseIfSuspended(found.account, now); // its access token may still be valid: no new session
    if (newPassword === currentPassword) throw IdentityErrors.samePassword();

    const passwordHash = await hasher.hash(newPassword);
    const { session, refreshToken } = sessions.newSession(actor.id, now);
    const { account } = found;
    await accounts.changePassword({
      accountId: account.id,
      passwordHash,
      session,
      now,
      reason: 'password_changed',
      metadata,
      mails: [outgoing(mails.passwordChanged({ email: account.email, username: account.username }), ids, now)],
    });
    return sessions.authSession(account, refreshToken, now);
  },
});
