import { parseInput } from '@agora/service-kit';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../../domain/account/email';
import { parseLoginIdentifier, throttleKeyOf } from '../../domain/account/login';
import { PASSWORD_MAX_LENGTH } from '../../domain/account/password';
import { IDENTITY_CONTEXT, IdentityErrors } from '../identity.errors';
import type { AccountRepository, Clock, LoginThrottle, PasswordHasher, SessionRepository } from '../ports';
import type { AuthSession } from '../read-models';
import type { SessionIssuer } from '../session/session-issuer';

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

export interface LogInInput {
  /** Email or username. */
  login: string;
  password: string;
}

export interface LogInDeps {
  accounts: AccountRepository;
  sessionStore: SessionRepository;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  sessions: SessionIssuer;
  clock: Clock;
}

/** Verifies the password (argon2id) and starts a new session family. */
export class LogInHandler {
  constructor(private readonly deps: LogInDeps) {}

  async execute(input: LogInInput): Promise<AuthSession> {
    const { login, password } = parseInput(logInInputSchema, input, IDENTITY_CONTEXT);
    const identifier = parseLoginIdentifier(login);
    const throttleKey = throttleKeyOf(identifier);
    const now = this.deps.clock.now();
    if (this.deps.throttle.isBlocked(throttleKey, now)) throw IdentityErrors.tooManyAttempts();

    const found =
      identifier.kind === 'email'
        ? await this.deps.accounts.findCredentialByEmail(identifier.email)
        : await this.deps.accounts.findCredentialByUsername(identifier.username);
    // Always verify (a dummy hash when the login is unknown) so timing does not tell them apart.
    const valid = await this.deps.hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !valid) {
      this.deps.throttle.recordFailure(throttleKey, now);
      throw IdentityErrors.invalidCredentials();
    }
    this.deps.throttle.reset(throttleKey);

    const { session, refreshToken } = this.deps.sessions.newSession(found.account.id, now);
    await this.deps.sessionStore.start(session);
    return this.deps.sessions.authSession(found.account, refreshToken, now);
  }
}
