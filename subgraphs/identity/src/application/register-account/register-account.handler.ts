import { parseInput } from '@agora/service-kit';
import { z } from 'zod';
import { Account } from '../../domain/account/account.aggregate';
import { emailSchema } from '../../domain/account/email';
import { newPasswordSchema } from '../../domain/account/password';
import { usernameSchema } from '../../domain/account/username';
import { IDENTITY_CONTEXT } from '../identity.errors';
import type { AccountRepository, Clock, CommandMeta, IdGenerator, PasswordHasher } from '../ports';
import type { AuthSession } from '../read-models';
import type { SessionIssuer } from '../session/session-issuer';

/** Field order = the order problems are reported in (one at a time, with `extensions.field`). */
const registerInputSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  username: usernameSchema,
});

export interface RegisterAccountInput {
  email: string;
  password: string;
  username: string;
}

export interface RegisterAccountDeps {
  accounts: AccountRepository;
  hasher: PasswordHasher;
  sessions: SessionIssuer;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Creates the account, its credential, the AccountRegistered event and a first session in one
 * transaction, and signs the person in. Taken email/username surface from the unique
 * constraints (the only check that holds when two registrations race).
 */
export class RegisterAccountHandler {
  constructor(private readonly deps: RegisterAccountDeps) {}

  async execute(input: RegisterAccountInput, meta: CommandMeta = {}): Promise<AuthSession> {
    const { email, password, username } = parseInput(registerInputSchema, input, IDENTITY_CONTEXT);
    const now = this.deps.clock.now();
    const passwordHash = await this.deps.hasher.hash(password);
    const account = Account.register({ id: this.deps.ids(), email, username, createdAt: now });
    const { session, refreshToken } = this.deps.sessions.newSession(account.id, now);
    await this.deps.accounts.register(account, passwordHash, session, meta);
    return this.deps.sessions.authSession(account, refreshToken, now);
  }
}
