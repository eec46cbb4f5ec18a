import { createHash, randomBytes } from 'node:crypto';
import type { RefreshTokenSecrets } from '../application/ports';

/**
 * 32 random bytes (256 bits) as base64url. Only a SHA-256 digest is stored: the secret is
 * high-entropy, so a fast hash suffices (no salt or argon2 needed) and lookups stay indexable,
 * while a leaked database holds nothing a client could present.
 */
export class CryptoRefreshTokenSecrets implements RefreshTokenSecrets {
  generate(): { token: string; digest: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, digest: this.digest(token) };
  }

  digest(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('base64url');
  }
}
