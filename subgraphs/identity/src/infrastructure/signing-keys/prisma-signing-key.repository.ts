import type { JWK } from 'jose';
import type { Prisma, PrismaClient } from '../prisma-client';
import { generateSigningKey, type SigningKeyMaterial } from './ed25519-signing-key';
import { isEncryptedJwk, type SigningKeyEncryption } from './key-encryption';

/** Arbitrary constant naming the "create the first signing key" critical section. */
const SIGNING_KEY_LOCK = 4_716_031_001;

export interface StoredSigningKey extends SigningKeyMaterial {
  createdAt: Date;
}

export interface SigningKeyTiming {
  /**
   * A key added by rotation is published this long before it signs, so a verifier that fetched
   * the JWKS just before the rotation has refetched (its cooldown is shorter) by the time it
   * sees a token with the new kid. The very first key signs at once (nobody verifies yet).
   */
  publishLeadMs: number;
  /** An older key is dropped from the JWKS once its successor has signed this long (≥ token TTL + skew). */
  retireAfterMs: number;
}

type Row = { kid: string; publicJwk: unknown; privateJwk: unknown; createdAt: Date };

/**
 * Keys live in the database so restarts and every instance sign with the same key; the private
 * half is stored encrypted (AES-256-GCM, SigningKeyEncryption). Rotation inserts a newer key
 * (`rotate`, run by `npm run keys:rotate`); each running identity picks it up on its next poll,
 * signs with it once it has been published for `publishLeadMs`, and retires the older keys once
 * no unexpired token can carry their kid.
 */
export class PrismaSigningKeyRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly encryption: SigningKeyEncryption,
  ) {}

  /**
   * The key that signs now; on the very first start, stores `candidate()`. Instances starting
   * together serialise on an advisory lock, so they all end up with the same key.
   */
  async activeKey(
    candidate: () => Promise<SigningKeyMaterial>,
    now: Date,
    timing: Pick<SigningKeyTiming, 'publishLeadMs'>,
  ): Promise<StoredSigningKey> {
    const existing = await this.signer(this.prisma, now, timing.publishLeadMs);
    if (existing) return existing;
    const generated = await candidate();
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
      const winner = await this.signer(tx, now, timing.publishLeadMs);
      if (winner) return winner;
      await tx.signingKey.create({ data: this.rowOf(generated, now) });
      return { ...generated, createdAt: now };
    });
  }

  /** Adds a new key (published at once, signing after the publish lead); returns its kid. */
  async rotate(now: Date, candidate: () => Promise<SigningKeyMaterial> = generateSigningKey): Promise<string> {
    const generated = await candidate();
    await this.prisma.signingKey.create({ data: this.rowOf(generated, now) });
    return generated.kid;
  }

  /**
   * Encrypts under the current key every private key still stored in plain text (written before
   * keys were encrypted) or encrypted with a previous key encryption key; returns how many rows
   * it rewrote. A key no configured key decrypts stops here (SigningKeyDecryptionError).
   */
  async encryptPlaintextKeys(): Promise<number> {
    const rows = await this.prisma.signingKey.findMany({ select: { kid: true, privateJwk: true, retiredAt: true } });
    let count = 0;
    for (const row of rows) {
      let jwk: JWK;
      if (!isEncryptedJwk(row.privateJwk)) jwk = row.privateJwk as JWK;
      else if (this.encryption.isCurrent(row.privateJwk, row.kid)) continue;
      // A retired key is never used again: one no configured key decrypts is left as it is.
      else if (row.retiredAt) continue;
      else jwk = this.encryption.decrypt(row.privateJwk, row.kid);
      await this.prisma.signingKey.update({
        where: { kid: row.kid },
        data: { privateJwk: this.encryption.encrypt(jwk, row.kid) as unknown as Prisma.InputJsonObject },
      });
      count++;
    }
    return count;
  }

  /**
   * Retires every key older than the current signer once the signer has signed for
   * `retireAfterMs` (tokens the older keys signed have all expired). Returns how many went.
   */
  async retireSuperseded(now: Date, timing: SigningKeyTiming): Promise<number> {
    const signer = await this.signer(this.prisma, now, timing.publishLeadMs);
    if (!signer) return 0;
    const signingSince = signer.createdAt.getTime() + timing.publishLeadMs;
    if (now.getTime() < signingSince + timing.retireAfterMs) return 0;
    const { count } = await this.prisma.signingKey.updateMany({
      where: { retiredAt: null, createdAt: { lt: signer.createdAt } },
      data: { retiredAt: now },
    });
    return count;
  }

  /** Every unretired key, newest first (public parts are taken by the caller). */
  async unretired(): Promise<Pick<StoredSigningKey, 'kid' | 'publicJwk'>[]> {
    const rows = await this.prisma.signingKey.findMany({
      where: { retiredAt: null },
      orderBy: { createdAt: 'desc' },
      select: { kid: true, publicJwk: true },
    });
    return rows.map((row) => ({ kid: row.kid, publicJwk: row.publicJwk as JWK }));
  }

  /** Newest unretired key published for at least `leadMs`; the newest at all when none is (first start). */
  private async signer(client: Pick<PrismaClient, 'signingKey'>, now: Date, leadMs: number): Promise<StoredSigningKey | null> {
    const ready = await client.signingKey.findFirst({
      where: { retiredAt: null, createdAt: { lte: new Date(now.getTime() - leadMs) } },
      orderBy: { createdAt: 'desc' },
    });
    const row = ready ?? (await client.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } }));
    return row ? this.material(row) : null;
  }

  private material(row: Row): StoredSigningKey {
    const privateJwk = isEncryptedJwk(row.privateJwk) ? this.encryption.decrypt(row.privateJwk, row.kid) : (row.privateJwk as JWK);
    return { kid: row.kid, algorithm: 'EdDSA', publicJwk: row.publicJwk as JWK, privateJwk, createdAt: row.createdAt };
  }

  private rowOf(material: SigningKeyMaterial, now: Date) {
    return {
      kid: material.kid,
      algorithm: material.algorithm,
      publicJwk: material.publicJwk as Prisma.InputJsonObject,
      privateJwk: this.encryption.encrypt(material.privateJwk, material.kid) as unknown as Prisma.InputJsonObject,
      createdAt: now,
    };
  }
}
