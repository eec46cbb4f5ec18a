import { emptyProfileView, type ProfileView } from '../application/profile.view';
import { profileViewSelect, toProfileView } from './profile.mapper';
import type { PrismaClient } from './prisma/__generated__/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Read side for the graph: many profiles in one statement. */
export class PrismaProfileReader {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One view per requested id, in order; ids without a profile get an empty view (the User
   * exists in identity, it just has no profile yet). Ids that are not UUIDs cannot match and are
   * kept out of the query: one would make Postgres reject the whole batch.
   */
  async findViews(ids: readonly string[]): Promise<ProfileView[]> {
    const queryable = [...new Set(ids.filter((id) => UUID.test(id)))];
    const rows =
      queryable.length === 0
        ? []
        : await this.prisma.profile.findMany({ where: { accountId: { in: queryable } }, select: profileViewSelect });
    // Postgres prints uuids in lower case; answer with the id exactly as it was asked for.
    const byId = new Map(rows.map((row) => [row.accountId.toLowerCase(), toProfileView(row)]));
    return ids.map((id) => {
      const view = byId.get(id.toLowerCase());
      return view ? { ...view, id } : emptyProfileView(id);
    });
  }
}
