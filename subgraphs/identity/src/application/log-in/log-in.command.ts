import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../../domain/account/email';
import { parseLoginIdentifier, throttleKeyOf } from '../../domain/account/login';
import { PASSWORD_MAX_LENGTH } from '../../domain/account/password';
import { IdentityErrors } from '../identity.errors';
import { countLoginAttempt, loginSucceeded } from '../login-attempts';
import { refuseIfSuspended } from '../refuse-suspended';
import type { IdentityPorts } from '../ports';
import { clientKey } from '../rate-limits';
import type { AuthSession } from '../read-models';

/** Only shape checks here: anything well-formed but wrong is INVALID_CREDENTIALS, never a hint. */
const logInInputSchema = z.object({
  login: z
    .string()
    .trim()
    .min(1, 'Enter your email or username.')
    .max(EMAIL_MAX_LENGTH, `Login must be at most ${EMAIL_MAX_LENGTH} characters.`),
  password: z
    .string()
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`),
});

/**
 * `login` (email or username): counts the attempt (see login-attempts.ts), verifies the password
 * (argon2id) and starts a new session family. An account without a password (external sign-in
 * only) answers like a wrong password. A suspended account with the right password is refused
 * (FORBIDDEN IDENTITY.SUSPENDED); the correct password still clears its failure count.
 */
export const logIn = defineCommand({
  name: 'login',
  input: logInInputSchema,
  viewer: 'optional',
  async handle(
    { input: { login, password }, now, clientIp },
    { accounts, sessionStore, hasher, rateLimits, sessions }: IdentityPorts,
  ): Promise<AuthSession> {
    const identifier = parseLoginIdentifier(login);
    const found = await accounts.findAccount(identifier.kind === 'email' ? { email: identifier.email } : { username: identifier.username });
    // Email and username of one account count as one; an unknown login counts under itself.
    const accountKey = found?.account.id ?? throttleKeyOf(identifier);
    const ip = clientKey(clientIp);
    await countLoginAttempt(rateLimits, accountKey, ip);

    // Always verify (a dummy hash when there is no password) so timing does not tell them apart.
    const valid = await hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !valid) throw IdentityErrors.invalidCredentials();
    await loginSucceeded(rateLimits, accountKey, ip);
    // Only now, with the password verified: a wrong one answers INVALID_CREDENTIALS, suspended or not.
    refuseIfSuspended(found.account, now);

    const { session, refreshToken } = sessions.newSession(found.account.id, now);
    await sessionStore.start(session);
    return sessions.authSession(found.account, refreshToken, now);
  },
});
