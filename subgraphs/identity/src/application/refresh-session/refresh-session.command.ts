import { defineCommand } from '@agora/context-runtime';
import { judgeRefresh } from '../../domain/session/refresh-token';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { refuseIfSuspended } from '../refuse-suspended';
import type { AuthSession } from '../read-models';
import { refreshTokenInputSchema } from './refresh-token-input';

/**
 * `refreshSession`: rotates a refresh token; a second use of any token ends its whole family. A
 * suspended account's token is refused (FORBIDDEN IDENTITY.SUSPENDED; its families were revoked
 * with the suspension anyway).
 */
export const refreshSession = defineCommand({
  name: 'refreshSession',
  input: refreshTokenInputSchema,
  viewer: 'optional',
  async handle({ input: { refreshToken }, now }, { sessionStore, refreshSecrets, sessions }: IdentityPorts): Promise<AuthSession> {
    const found = await sessionStore.findByDigest(refreshSecrets.digest(refreshToken));
    if (!found) throw IdentityErrors.refreshTokenInvalid();

    const { token, account } = found;
    // The holder of one of the account's refresh tokens is the account: it may learn why.
    refuseIfSuspended(account, now);
    const verdict = judgeRefresh(token, now);
    switch (verdict.kind) {
      case 'revoked':
        throw IdentityErrors.sessionRevoked();
      case 'expired':
        throw IdentityErrors.refreshTokenExpired();
      case 'reused':
        await sessionStore.revokeFamily(token.familyId, 'reuse_detected', now);
        throw IdentityErrors.refreshTokenReused();
      case 'rotate': {
        const next = sessions.nextToken(token.familyId, now);
        if (!(await sessionStore.rotate(token.tokenId, next.record, now))) {
          // Another request retired this token between our read and our update: the same token
          // was presented twice, which is exactly what reuse detection exists for.
          await sessionStore.revokeFamily(token.familyId, 'reuse_detected', now);
          throw IdentityErrors.refreshTokenReused();
        }
        return sessions.authSession(account, next.refreshToken, now);
      }
    }
  },
});
