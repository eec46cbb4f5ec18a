import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../../domain/account/email';
import { parseLoginIdentifier, throttleKeyOf } from '../../domain/account/login';
import { PASSWORD_MAX_LENGTH } from '../../domain/account/password';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
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

/** `login` (email or username): verifies the password (argon2id) and starts a new session family. */
export const logIn = defineCommand({
  name: 'login',
  input: logInInputSchema,
  viewer: 'optional',
  async handle(
    { input: { login, password }, now },
    { accounts, sessionStore, hasher, throttle, sessions }: IdentityPorts,
  ): Promise<AuthSession> {
    const identifier = parseLoginIdentifier(login);
    const throttleKey = throttleKeyOf(identifier);
    if (throttle.isBlocked(throttleKey, now)) throw IdentityErrors.tooManyAttempts();

    const found =
      identifier.kind === 'email'
        ? await accounts.findCredentialByEmail(identifier.email)
        : await accounts.findCredentialByUsername(identifier.username);
    // Always verify (a dummy hash when the login is unknown) so timing does not tell them apart.
    const valid = await hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !valid) {
      throttle.recordFailure(throttleKey, now);
      throw IdentityErrors.invalidCredentials();
    }
    throttle.reset(throttleKey);

    const { session, refreshToken } = sessions.newSession(found.account.id, now);
    await sessionStore.start(session);
    return sessions.authSession(found.account, refreshToken, now);
  },
});
