import { uuidValues } from '@agora/prisma-kit';
import { emptyProfileView, type ProfileView } from '../application/profile.view';
import type { PrismaClient } from './prisma/__generated__/client';

interface ViewRow {
  id: string;
  has_profile: boolean;
  display_name: string | null;
  bio: string | null;
  avatar_url: string | null;
  media_avatar: boolean;
}

/** Read side for the graph: many profiles in one statement. */
export class PrismaProfileReader {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The views of these (canonical) account ids, with whether media says each has an avatar (the
   * `profile_image` replica), in ONE statement; ids with neither a profile nor an avatar are absent.
   */
  async findViews(ids: readonly string[]): Promise<Map<string, ProfileView>> {
    const rows = await this.prisma.$queryRaw<ViewRow[]>`
      SELECT u.id::text AS id, p.account_id IS NOT NULL AS has_profile, p.display_name, p.bio, p.avatar_url,
             i.media_id IS NOT NULL AS media_avatar
      FROM ${uuidValues(ids)} AS u(id)
      LEFT JOIN "profile" p ON p.account_id = u.id
      LEFT JOIN "profile_image" i ON i.user_id = u.id AND i.slot = 'AVATAR'
      WHERE p.account_id IS NOT NULL OR i.media_id IS NOT NULL`;
    return new Map(
      rows.map((row): [string, ProfileView] => [
        row.id,
        row.has_profile
          ? { id: row.id, displayName: row.display_name, bio: row.bio, avatarUrl: row.avatar_url, mediaAvatar: row.media_avatar }
          : emptyProfileView(row.id, row.media_avatar),
      ]),
    );
  }
}
