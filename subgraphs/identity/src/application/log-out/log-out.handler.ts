import { parseInput } from '@agora/service-kit';
import { IDENTITY_CONTEXT } from '../identity.errors';
import type { Clock, RefreshTokenSecrets, SessionRepository } from '../ports';
import { refreshTokenInputSchema } from '../refresh-session/refresh-token-input';

export interface LogOutInput {
  refreshToken: string;
}

export interface LogOutDeps {
  sessionStore: SessionRepository;
  refreshSecrets: RefreshTokenSecrets;
  clock: Clock;
}

/**
 * Ends the session the refresh token belongs to (its whole family, so older tokens of it die
 * too). Access tokens already issued stay valid until they expire (≤ ACCESS_TOKEN_TTL_SECONDS).
 */
export class LogOutHandler {
  constructor(private readonly deps: LogOutDeps) {}

  /** True when the token was known (its family is now revoked), false otherwise. */
  async execute(input: LogOutInput): Promise<boolean> {
    const { refreshToken } = parseInput(refreshTokenInputSchema, input, IDENTITY_CONTEXT);
    const found = await this.deps.sessionStore.findByDigest(this.deps.refreshSecrets.digest(refreshToken));
    if (!found) return false;
    if (found.token.familyRevokedAt === null) {
      await this.deps.sessionStore.revokeFamily(found.token.familyId, 'logout', this.deps.clock.now());
    }
    return true;
  }
}
