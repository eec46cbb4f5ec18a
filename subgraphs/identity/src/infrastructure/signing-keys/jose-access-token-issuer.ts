import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import type { AccessToken, AccessTokenIssuer } from '../../application/ports';
import type { Role } from '../../domain/account/role';
import { SIGNING_ALGORITHM } from './ed25519-signing-key';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** RFC 9068 `typ` of an access token; the gateway refuses a JWT without it. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface SigningKeyHandle {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * Access tokens: JWTs signed with the active Ed25519 key, `kid` in the header so verifiers pick
 * the right key from the JWKS, `typ: at+jwt` (RFC 9068) so no other JWT passes for one. Claims:
 * sub (account id), username, email_verified (boolean), role (MEMBER | MODERATOR | ADMIN), iat_ms (issue time in ms), iss, aud, iat, exp, jti.
 */
export class JoseAccessTokenIssuer implements AccessTokenIssuer {
  constructor(
    private key: SigningKeyHandle,
    private readonly settings: AccessTokenSettings,
  ) {}

  /** The kid that signs now. */
  get kid(): string {
    return this.key.kid;
  }

  /** Signs every later token with `key` (rotation, without a restart). */
  useKey(key: SigningKeyHandle): void {
    this.key = key;
  }

  async issue(subject: { accountId: string; username: string; emailVerified: boolean; role: Role }, now: Date): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.settings.ttlSeconds;
    // iat_ms: the issue time in milliseconds, so the gateway's revocation list can tell a token
    // issued just after an unsuspension or role change from one issued just before it (ADR 14).
    const token = await new SignJWT({
      username: subject.username,
      email_verified: subject.emailVerified,
      role: subject.role,
      iat_ms: now.getTime(),
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.key.kid, typ: ACCESS_TOKEN_TYP })
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
