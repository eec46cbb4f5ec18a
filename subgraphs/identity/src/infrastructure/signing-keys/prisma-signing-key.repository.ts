import type { JWK } from 'jose';
import type { Prisma, PrismaClient } from '../prisma-client';
import type { SigningKeyMaterial } from './ed25519-signing-key';

/** Arbitrary constant naming the "create the first signing key" critical section. */
const SIGNING_KEY_LOCK = 4_716_031_001;

export interface StoredSigningKey extends SigningKeyMaterial {
  createdAt: Date;
}

/**
 * Keys live in the database so restarts and every instance sign with the same key. Rotation
 * (insert a newer key; retire an old one once tokens it signed have expired) needs no code change:
 * the newest unretired key signs and every unretired key is published.
 */
export class PrismaSigningKeyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The newest unretired key; on the very first start, stores `candidate()`. Instances starting
   * together serialise on an advisory lock, so they all end up with the same key.
   */
  async activeKey(candidate: () => Promise<SigningKeyMaterial>, now: Date): Promise<StoredSigningKey> {
    const existing = await this.newest(this.prisma);
    if (existing) return existing;
    const generated = await candidate();
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
      const winner = await this.newest(tx);
      if (winner) return winner;
      await tx.signingKey.create({
        data: {
          kid: generated.kid,
          algorithm: generated.algorithm,
          publicJwk: generated.publicJwk as Prisma.InputJsonObject,
          privateJwk: generated.privateJwk as Prisma.InputJsonObject,
          createdAt: now,
        },
      });
      return { ...generated, createdAt: now };
    });
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

  private async newest(client: Pick<PrismaClient, 'signingKey'>): Promise<StoredSigningKey | null> {
    const row = await client.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
    if (!row) return null;
    return {
      kid: row.kid,
      algorithm: 'EdDSA',
      publicJwk: row.publicJwk as JWK,
      privateJwk: row.privateJwk as JWK,
      createdAt: row.createdAt,
    };
  }
}
