import type { ProfileImageLookup } from '../application/uploads';
import type { PrismaClient } from './prisma/__generated__/client';

/** The profile-image route's question: which READY item a user's avatar or banner slot shows. */
export class PrismaProfileImageLookup implements ProfileImageLookup {
  constructor(private readonly prisma: PrismaClient) {}

  async profileImage(userId: string, slot: 'AVATAR' | 'BANNER'): Promise<{ mediaId: string } | undefined> {
    const row = await this.prisma.profileImage.findFirst({
      where: { userId, slot, media: { status: 'READY' } },
      select: { mediaId: true },
    });
    return row ? { mediaId: row.mediaId } : undefined;
  }
}
