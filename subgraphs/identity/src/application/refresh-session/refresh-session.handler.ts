import { parseInput } from '@agora/service-kit';
import { judgeRefresh } from '../../domain/session/refresh-token';
import { IDENTITY_CONTEXT, IdentityErrors } from '../identity.errors';
import type { Clock, RefreshTokenSecrets, SessionRepository } from '../ports';
import type { AuthSession } from '../read-models';
import type { SessionIssuer } from '../session/session-issuer';
import { refreshTokenInputSchema } from './refresh-token-input';

export interface RefreshSessionInput {
  refreshToken: string;
}

export interface RefreshSessionDeps {
  sessionStore: SessionRepository;
  refreshSecrets: RefreshTokenSecrets;
  sessions: SessionIssuer;
  clock: Clock;
}

/** Rotates a refresh token; a second use of any token ends its whole family. */
export class RefreshSessionHandler {
  constructor(private readonly deps: RefreshSessionDeps) {}

  async execute(input: RefreshSessionInput): Promise<AuthSession> {
    const { refreshToken } = parseInput(refreshTokenInputSchema, input, IDENTITY_CONTEXT);
    const found = await this.deps.sessionStore.findByDigest(this.deps.refreshSecrets.digest(refreshToken));
    if (!found) throw IdentityErrors.refreshTokenInvalid();

    const now = this.deps.clock.now();
    const { token, account } = found;
    const verdict = judgeRefresh(token, now);
    switch (verdict.kind) {
      case 'revoked':
        throw IdentityErrors.sessionRevoked();
      case 'expired':
        throw IdentityErrors.refreshTokenExpired();
      case 'reused':
        await this.deps.sessionStore.revokeFamily(token.familyId, 'reuse_detected', now);
        throw IdentityErrors.refreshTokenReused();
      case 'rotate': {
        const next = this.deps.sessions.nextToken(token.familyId, now);
        if (!(await this.deps.sessionStore.rotate(token.tokenId, next.record, now))) {
          // Another request retired this token between our read and our update: the same token
          // was presented twice, which is exactly what reuse detection exists for.
          await this.deps.sessionStore.revokeFamily(token.familyId, 'reuse_detected', now);
          throw IdentityErrors.refreshTokenReused();
        }
        return this.deps.sessions.authSession(account, next.refreshToken, now);
      }
    }
  }
}
