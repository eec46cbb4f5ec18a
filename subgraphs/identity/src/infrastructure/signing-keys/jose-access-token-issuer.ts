import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import type { AccessToken, AccessTokenIssuer } from '../../application/ports';
import { SIGNING_ALGORITHM } from './ed25519-signing-key';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Access tokens: JWTs signed with the active Ed25519 key, `kid` in the header so verifiers pick
 * the right key from the JWKS. Claims: sub (account id), username, email_verified (boolean), iss,
 * aud, iat, exp, jti.
 */
export class JoseAccessTokenIssuer implements AccessTokenIssuer {
  constructor(
    private readonly key: { kid: string; privateKey: CryptoKey },
    private readonly settings: AccessTokenSettings,
  ) {}

  async issue(subject: { accountId: string; username: string; emailVerified: boolean }, now: Date): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.settings.ttlSeconds;
    const token = await new SignJWT({ username: subject.username, email_verified: subject.emailVerified })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.key.kid, typ: 'JWT' })
      .setSubject(subject.accountId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}
