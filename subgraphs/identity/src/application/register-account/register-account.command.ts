import { defineCommand } from '@agora/context-runtime';
import { DomainError } from '@agora/kernel';
import { z } from 'zod';
import { Account } from '../../domain/account/account.aggregate';
import { emailSchema } from '../../domain/account/email';
import { newPasswordSchema } from '../../domain/account/password';
import { usernameSchema } from '../../domain/account/username';
import { mintAccountToken, outgoing } from '../account-tokens/account-token-issuer';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { clientKey } from '../rate-limits';
import { initialRole } from '../roles/initial-role';
import type { AuthSession } from '../read-models';

/** Field order = the order problems are reported in (one at a time, with `extensions.field`). */
const registerInputSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  username: usernameSchema,
});

export type RegisterAccountInput = z.input<typeof registerInputSchema>;

/**
 * `register`: creates the account, its credential, the AccountRegistered event (correlated with
 * the request), a first session, the email-verification token and its mail in ONE transaction,
 * and signs the person in. The password is hashed before that transaction opens. Taken
 * email/username surface from the unique constraints (the only check that holds when two
 * registrations race).
 *
 * With `requireVerifiedEmail` (AUTH_REQUIRE_VERIFIED_EMAIL=true) a taken email is not revealed:
 * the same hash is computed, nothing is created, the owner is mailed that someone tried, and the
 * answer is shaped like success — tokens for an account that does not exist (its refresh token
 * works nowhere; its access token says `email_verified: false`, so every write is refused).
 * Usernames are public, so USERNAME_TAKEN is answered in both modes.
 *
 * The AGORA_BOOTSTRAP_ADMIN_EMAIL account registers as ADMIN (with its role-changed event, in the
 * same transaction), so its first access token already carries `role: ADMIN`.
 */
export const registerAccount = defineCommand({
  name: 'register',
  input: registerInputSchema,
  viewer: 'optional',
  async handle({ input: { email, password, username }, metadata, now, ids, clientIp }, ports: IdentityPorts): Promise<AuthSession> {
    const { accounts, hasher, sessions, rateLimits, refreshSecrets, mails, policy } = ports;
    await rateLimits.consume('register', clientKey(clientIp));
    const passwordHash = await hasher.hash(password);
    const account = Account.register({ id: ids.newId(), email, username, createdAt: now, role: initialRole(email, policy) });
    const { session, refreshToken } = sessions.newSession(account.id, now);
    const view = { id: account.id, email: account.email, username: account.username, createdAt: account.createdAt, emailVerifiedAt: null };

    const answerWithoutAccount = async (): Promise<AuthSession> => {
      if (await accounts.findAccount({ username })) throw IdentityErrors.usernameTaken();
      const owner = await accounts.findAccount({ email });
      if (owner) {
        const recipient = { email: owner.account.email, username: owner.account.username };
        await accounts.queueMails([outgoing(mails.registrationAttempt(recipient), ids, now)]);
      }
      // A MEMBER token whatever the email: this answer creates nothing.
      return sessions.authSession(view, refreshToken, now);
    };

    if (policy.requireVerifiedEmail && (await accounts.findAccount({ email }))) return answerWithoutAccount();

    const verification = mintAccountToken('VERIFY_EMAIL', view, { secrets: refreshSecrets, mails, ids, now });
    try {
      await accounts.register(account, passwordHash, session, metadata, { tokens: [verification.token], mails: [verification.mail] });
    } catch (error) {
      // A registration of the same email that won the race: answer as above, not with the conflict.
      if (policy.requireVerifiedEmail && error instanceof DomainError && error.reason === 'IDENTITY.EMAIL_TAKEN')
        return answerWithoutAccount();
      throw error;
    }
    return sessions.authSession({ ...view, role: account.role }, refreshToken, now);
  },
});
