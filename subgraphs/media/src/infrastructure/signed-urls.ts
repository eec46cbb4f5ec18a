/**
 * Short-lived signed URLs for media's routes: HMAC-SHA256 over (purpose, media id, variant,
 * expiry) with media's URL secret. The upload URL (`/media/uploads/<id>`) and the file URLs
 * (`/media/files/<id>/<variant>`) carry `expires` (unix seconds) and `sig` (base64url).
 * Verification is constant-time; any change to the path or the expiry breaks the signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedPurpose = 'upload' | 'file';
export type FileVariant = 'original' | 'thumbnail';

export interface SignedTarget {
  purpose: SignedPurpose;
  mediaId: string;
  /** Files only. */
  variant?: FileVariant;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'BAD_SIGNATURE' | 'EXPIRED' };

export class UrlSigner {
  /** `publicBaseUrl`: where clients reach media, the gateway's origin by default (`http://localhost:4000`). */
  constructor(
    private readonly secret: string,
    readonly publicBaseUrl: string,
  ) {
    if (secret.length < 32) throw new Error('media URL secret must be at least 32 characters');
  }

  /** The route path for a target (what the gateway proxies under `/media/`). */
  static pathOf(target: SignedTarget): string {
    return target.purpose === 'upload'
      ? `/media/uploads/${target.mediaId}`
      : `/media/files/${target.mediaId}/${target.variant ?? 'original'}`;
  }

  sign(target: SignedTarget, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const url = new URL(UrlSigner.pathOf(target), this.publicBaseUrl);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('sig', this.signature(target, expires));
    return url.toString();
  }

  verify(target: SignedTarget, query: { expires?: unknown; sig?: unknown }, now: Date): VerifyResult {
    const expires = typeof query.expires === 'string' && /^\d{1,12}$/.test(query.expires) ? Number(query.expires) : NaN;
    if (!Number.isFinite(expires) || typeof query.sig !== 'string') return { ok: false, reason: 'BAD_SIGNATURE' };
    const expected = Buffer.from(this.signature(target, expires));
    const given = Buffer.from(query.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'BAD_SIGNATURE' };
    if (expires * 1000 <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
    return { ok: true };
  }

  private signature(target: SignedTarget, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`${target.purpose}\n${target.mediaId}\n${target.variant ?? ''}\n${expires}`)
      .digest('base64url');
  }
}
