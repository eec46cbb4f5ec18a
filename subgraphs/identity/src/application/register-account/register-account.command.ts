import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { Account } from '../../domain/account/account.aggregate';
import { emailSchema } from '../../domain/account/email';
import { newPasswordSchema } from '../../domain/account/password';
import { usernameSchema } from '../../domain/account/username';
import type { IdentityPorts } from '../ports';
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
 * the request) and a first session in one transaction, and signs the person in. The password is
 * hashed before that transaction opens. Taken email/username surface from the unique constraints
 * (the only check that holds when two registrations race).
 */
export const registerAccount = defineCommand({
  name: 'register',
  input: registerInputSchema,
  viewer: 'optional',
  async handle(
    { input: { email, password, username }, metadata, now, ids },
    { accounts, hasher, sessions }: IdentityPorts,
  ): Promise<AuthSession> {
    const passwordHash = await hasher.hash(password);
    const account = Account.register({ id: ids.newId(), email, username, createdAt: now });
    const { session, refreshToken } = sessions.newSession(account.id, now);
    await accounts.register(account, passwordHash, session, metadata);
    return sessions.authSession(account, refreshToken, now);
  },
});
