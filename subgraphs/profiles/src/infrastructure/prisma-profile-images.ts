import type { ProfileImageFact, ProfileImages } from '../application/ports';
import type { Prisma } from './prisma/__generated__/client';

/** The replica of media's profile image slots in `profile_image`, over the current transaction. */
export class PrismaProfileImages implements ProfileImages {
  constructor(private readonly prisma: Prisma.TransactionClient) {}

  async record({ userId, slot, mediaId, changedAt }: ProfileImageFact): Promise<void> {
    // One upsert: whichever order the events of a slot arrive in, the newest change stays.
    await this.prisma.$executeRaw`
      INSERT INTO profile_image (user_id, slot, media_id, changed_at)
      VALUES (${userId}::uuid, ${slot}, ${mediaId}::uuid, ${changedAt}::timestamptz)
      ON CONFLICT (user_id, slot) DO UPDATE SET media_id = EXCLUDED.media_id, changed_at = EXCLUDED.changed_at
      WHERE profile_image.changed_at < EXCLUDED.changed_at`;
  }

  async hasAvatar(userId: string): Promise<boolean> {
    const row = await this.prisma.profileImage.findUnique({
      where: { userId_slot: { userId, slot: 'AVATAR' } },
      select: { mediaId: true },
    });
    return row?.mediaId != null;
  }
}
