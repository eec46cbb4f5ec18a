/**
 * Sessions are refresh-token families: a login (or registration) starts a family, every refresh
 * retires the presented token and issues its successor in the same family. Only the newest token
 * of a family is ever valid; presenting a retired one means it leaked (or two clients share it),
 * so the whole family is revoked — the thief's and the owner's tokens alike (OAuth 2.0 Security
 * BCP, "refresh token rotation").
 */

/** A stored refresh token as the rules need to see it. */
export interface RefreshTokenState {
  tokenId: string;
  familyId: string;
  accountId: string;
  expiresAt: Date;
  /** When it was exchanged for its successor; null while it is the family's current token. */
  usedAt: Date | null;
  /** Set once the family is revoked (logout or reuse). */
  familyRevokedAt: Date | null;
}

export type RevocationReason = 'logout' | 'reuse_detected' | 'password_reset' | 'password_changed' | 'suspended';

export type RefreshVerdict =
  /** Current and unexpired: retire it and issue a successor. */
  | { kind: 'rotate' }
  /** Already exchanged once: revoke the family. */
  | { kind: 'reused' }
  | { kind: 'revoked' }
  | { kind: 'expired' };

/**
 * A revoked family stays revoked whatever is presented; reuse is checked before expiry so an old
 * stolen token still burns its family.
 */
export function judgeRefresh(token: RefreshTokenState, now: Date): RefreshVerdict {
  if (token.familyRevokedAt !== null) return { kind: 'revoked' };
  if (token.usedAt !== null) return { kind: 'reused' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  return { kind: 'rotate' };
}

export function refreshTokenExpiry(issuedAt: Date, ttlSeconds: number): Date {
  return new Date(issuedAt.getTime() + ttlSeconds * 1000);
}
