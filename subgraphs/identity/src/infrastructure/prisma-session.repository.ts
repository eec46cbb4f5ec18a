import type { Logger } from '@agora/service-kit';
import type { RefreshTokenState, RevocationReason } from '../domain/session/refresh-token';
import type { NewRefreshToken, NewSession, SessionRepository } from '../application/ports';
import type { AccountView } from '../application/read-models';
import { accountView } from './account-view.select';
import type { PrismaClient, TransactionClient } from './prisma-client';

export class PrismaSessionRepository implements SessionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  async start(session: NewSession): Promise<void> {
    await insertSession(this.prisma, session);
  }

  async findByDigest(digest: string): Promise<{ token: RefreshTokenState; account: AccountView } | null> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { digest },
      select: {
        id: true,
        familyId: true,
        expiresAt: true,
        usedAt: true,
        family: {
          select: {
            revokedAt: true,
            account: { select: accountView },
          },
        },
      },
    });
    if (!row) return null;
    return {
      token: {
        tokenId: row.id,
        familyId: row.familyId,
        accountId: row.family.account.id,
        expiresAt: row.expiresAt,
        usedAt: row.usedAt,
        familyRevokedAt: row.family.revokedAt,
      },
      account: row.family.account,
    };
  }

  async rotate(usedTokenId: string, next: NewRefreshToken, now: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // The conditional update is the arbiter: of two concurrent refreshes, the second blocks on
      // the row lock, then sees used_at set and updates nothing.
      const { count } = await tx.refreshToken.updateMany({ where: { id: usedTokenId, usedAt: null }, data: { usedAt: now } });
      if (count !== 1) return false;
      await tx.refreshToken.create({
        data: { id: next.id, familyId: next.familyId, digest: next.digest, createdAt: next.createdAt, expiresAt: next.expiresAt },
        select: { id: true },
      });
      return true;
    });
  }

  async revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void> {
    const { count } = await this.prisma.refreshTokenFamily.updateMany({
      where: { id: familyId, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    });
    if (count === 0) return;
    if (reason === 'reuse_detected') {
      this.logger.warn({ familyId, reason }, 'refresh token reuse detected: session revoked');
    } else {
      this.logger.info({ familyId, reason }, 'session revoked');
    }
  }
}

/** Stores a session (its family and first refresh token), in the caller's transaction when given one. */
export async function insertSession(db: PrismaClient | TransactionClient, session: NewSession): Promise<void> {
  const { firstToken } = session;
  await db.refreshTokenFamily.create({
    data: {
      id: session.familyId,
      accountId: session.accountId,
      createdAt: session.createdAt,
      tokens: {
        create: { id: firstToken.id, digest: firstToken.digest, createdAt: firstToken.createdAt, expiresAt: firstToken.expiresAt },
      },
    },
    select: { id: true },
  });
}
