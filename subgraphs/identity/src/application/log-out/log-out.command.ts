import { defineCommand } from '@agora/context-runtime';
import type { IdentityPorts } from '../ports';
import { refreshTokenInputSchema } from '../refresh-session/refresh-token-input';

/**
 * `logout`: ends the session the refresh token belongs to (its whole family, so older tokens of it
 * die too). Access tokens already issued stay valid until they expire (≤ ACCESS_TOKEN_TTL_SECONDS).
 * True when the token was known (its family is now revoked), false otherwise.
 */
export const logOut = defineCommand({
  name: 'logout',
  input: refreshTokenInputSchema,
  viewer: 'optional',
  async handle({ input: { refreshToken }, now }, { sessionStore, refreshSecrets }: IdentityPorts): Promise<boolean> {
    const found = await sessionStore.findByDigest(refreshSecrets.digest(refreshToken));
    if (!found) return false;
    if (found.token.familyRevokedAt === null) await sessionStore.revokeFamily(found.token.familyId, 'logout', now);
    return true;
  },
});
