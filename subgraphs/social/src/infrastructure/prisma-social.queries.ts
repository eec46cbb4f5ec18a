import { uuidList, uuidValues } from '@agora/prisma-kit';
import type { KeysetCursor } from '@agora/service-kit';
import type { CircleView } from '../application/views';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';

/** One user in a list (a follower, a followee, a member) and since when they are in it. */
export interface ListedUser {
  id: string;
  since: Date;
}

/** The three user lists, as (table, whose list, who is listed). Fixed identifiers, never input. */
const LISTS = {
  followers: { table: 'follow', owner: 'followee_id', listed: 'follower_id' },
  following: { table: 'follow', owner: 'follower_id', listed: 'followee_id' },
  members: { table: 'circle_member', owner: 'circle_id', listed: 'member_id' },
} as const;
export type ListKind = keyof typeof LISTS;

/**
 * Read side for the graph. Every method is ONE SQL statement for any number of ids, so the
 * per-request DataLoaders turn N lookups into one round trip. Ids must be lower-case UUIDs (the
 * loaders filter and normalise them). Callers pass non-empty id lists.
 */
export class PrismaSocialQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Up to `limit` active entries of each owner's list after the cursor, newest first. A LATERAL
   * subquery per owner walks that owner's `(owner, state, since desc, listed desc)` index and
   * stops after `limit` rows — unlike a window function over the whole lists, whose cost grows
   * with the size of every list in the batch (a user with a million followers).
   */
  async lists(kind: ListKind, ownerIds: readonly string[], limit: number, after: KeysetCursor | null): Promise<Map<string, ListedUser[]>> {
    const { table, owner, listed } = LISTS[kind];
    const [t, o, l] = [Prisma.raw(table), Prisma.raw(owner), Prisma.raw(listed)];
    const afterClause = after ? Prisma.sql`AND (x.since, x.${l}) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ ownerId: string; id: string; since: Date }[]>`
      SELECT k.owner_id::text AS "ownerId", page.id, page.since
      FROM ${uuidValues(ownerIds)} AS k(owner_id)
      CROSS JOIN LATERAL (
        SELECT x.${l} AS listed, x.${l}::text AS id, x.since
        FROM ${t} x
        WHERE x.${o} = k.owner_id AND x.state = 'ACTIVE' ${afterClause}
        ORDER BY x.since DESC, x.${l} DESC
        LIMIT ${limit}::int
      ) page
      ORDER BY k.owner_id, page.since DESC, page.listed DESC`;
    const byOwner = new Map<string, ListedUser[]>();
    for (const row of rows) {
      const list = byOwner.get(row.ownerId) ?? [];
      list.push({ id: row.id, since: row.since });
      byOwner.set(row.ownerId, list);
    }
    return byOwner;
  }

  /** Active followers (`followers`) or followees (`following`) per user: one GROUP BY. */
  async counts(kind: 'followers' | 'following', userIds: readonly string[]): Promise<Map<string, number>> {
    const { owner } = LISTS[kind];
    const rows = await this.prisma.$queryRaw<{ ownerId: string; count: number }[]>`
      SELECT ${Prisma.raw(owner)}::text AS "ownerId", count(*)::int AS count
      FROM follow
      WHERE ${Prisma.raw(owner)} IN (${uuidList(userIds)}) AND state = 'ACTIVE'
      GROUP BY ${Prisma.raw(owner)}`;
    return new Map(rows.map((row) => [row.ownerId, Number(row.count)]));
  }

  /** Which of `userIds` the viewer actively follows (primary-key lookups). */
  async followedBy(viewerId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.follow.findMany({
      where: { followerId: viewerId, followeeId: { in: [...userIds] }, state: 'ACTIVE' },
      select: { followeeId: true },
    });
    return new Set(rows.map((row) => row.followeeId));
  }

  /** Which of `userIds` the viewer has blocked (primary-key lookups). */
  async blockedBy(viewerId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.block.findMany({
      where: { blockerId: viewerId, blockedId: { in: [...userIds] }, state: 'ACTIVE' },
      select: { blockedId: true },
    });
    return new Set(rows.map((row) => row.blockedId));
  }

  /** The owner's circles among `ids`; others' circles are simply not found. */
  async circlesOf(ownerId: string, ids: readonly string[]): Promise<CircleView[]> {
    return this.prisma.circle.findMany({ where: { id: { in: [...ids] }, ownerId }, select: { id: true, ownerId: true, name: true } });
  }

  /** All the owner's circles (at most 100), oldest first. */
  async circlesOwnedBy(ownerId: string): Promise<CircleView[]> {
    return this.prisma.circle.findMany({
      where: { ownerId },
      select: { id: true, ownerId: true, name: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
}
