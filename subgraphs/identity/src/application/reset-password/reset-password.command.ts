import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { judgeAccountToken } from '../../domain/account/account-token';
import { newPasswordSchema } from '../../domain/account/password';
import { outgoing } from '../account-tokens/account-token-issuer';
import { linkTokenSchema } from '../account-tokens/token-input';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { refuseIfSuspended } from '../refuse-suspended';
import type { AuthSession } from '../read-models';

/**
 * `resetPassword`: with the token from the reset link (single-use, 1 h) sets the new password
 * (hashed before the transaction), then in ONE transaction: stores the credential (creating it
 * for an account that had none), consumes the token, revokes EVERY session of the account, starts
 * a new one, queues the "password changed" notice — and, since reading the mail proves the
 * address, marks an unverified email verified (with its event).
 */
export const resetPassword = defineCommand({
  name: 'resetPassword',
  input: z.object({ token: linkTokenSchema, newPassword: newPasswordSchema }),
  viewer: 'optional',
  allowUnverifiedEmail: true,
  async handle({ input: { token, newPassword }, now, ids, metadata }, ports: IdentityPorts): Promise<AuthSession> {
    const { accounts, refreshSecrets, hasher, sessions, mails } = ports;
    const found = await accounts.findToken(refreshSecrets.digest(token));
    if (!found || found.purpose !== 'RESET_PASSWORD' || judgeAccountToken(found, now) !== 'usable') {
      throw IdentityErrors.resetTokenInvalid();
    }
    const { account } = found;
    // The link proves the mailbox; a suspended account still gets no session (nothing is changed, the link keeps working).
    refuseIfSuspended(account, now);
    const passwordHash = await hasher.hash(newPassword);
    const { session, refreshToken } = sessions.newSession(account.id, now);
    const verifies = account.emailVerifiedAt === null && found.email === account.email;
    const changed = await accounts.changePassword({
      accountId: account.id,
      passwordHash,
      session,
      now,
      reason: 'password_reset',
      tokenId: found.id,
      verifyEmail: verifies ? account.email : undefined,
      metadata,
      mails: [outgoing(mails.passwordChanged({ email: account.email, username: account.username }), ids, now)],
    });
    if (!changed) throw IdentityErrors.resetTokenInvalid(); // used by a concurrent request
    return sessions.authSession({ ...account, emailVerifiedAt: verifies ? now : account.emailVerifiedAt }, refreshToken, now);
  },
});
