import type { ProfileView } from '../application/profile.view';
import { profileViewSelect, toProfileView } from './profile.mapper';
import type { PrismaClient } from './prisma/__generated__/client';

/** Read side for the graph: many profiles in one statement. */
export class PrismaProfileReader {
  constructor(private readonly prisma: PrismaClient) {}

  /** The views of the profiles with these (canonical) account ids; ids without a profile are absent. */
  async findViews(ids: readonly string[]): Promise<Map<string, ProfileView>> {
    const rows = await this.prisma.profile.findMany({ where: { accountId: { in: [...ids] } }, select: profileViewSelect });
    return new Map(rows.map((row) => [row.accountId, toProfileView(row)]));
  }
}
